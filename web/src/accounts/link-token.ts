/** The token of an e-mailed link: it rides in the fragment (#token=…), which never reaches a server log. */
export function linkToken(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get('token');
}

/** Leaves a link page for the app's start (the sign-in form when signed out). */
export function goHome() {
  window.history.replaceState(null, '', '/');
  window.dispatchEvent(new PopStateEvent('popstate'));
}
