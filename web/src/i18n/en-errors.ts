/**
 * What the app says when something fails (api/error-text.ts maps the API's stable error codes
 * here), the app's own dialogs, and the inbox's empty and missing states.
 */
export const enErrors = {
  'error.network': 'Hearken could not reach the server. Check your connection and try again.',
  'error.unauthenticated': 'Your session has ended. Sign in again to continue.',
  'error.forbidden': 'Your role does not allow this. An admin of this workspace can do it or change your role.',
  'error.not_found': 'This no longer exists, or you cannot see it.',
  'error.conflict': 'This clashes with a change already made.',
  'error.invalid_request': 'Some of what was entered is not accepted.',
  'error.payload_too_large': 'That is too large.',
  'error.unsupported_media_type': 'This kind of file cannot be sent here.',
  'error.rate_limited': 'Too many requests just now. Wait a moment and try again.',
  'error.capability_unsupported': 'This channel cannot do that.',
  'error.window_closed': 'The network no longer lets you reply in this conversation.',
  'error.privacy_guard': 'This public reply seems to contain personal details.',
  'error.outbound_refused': 'Hearken will not call that address: it is not a public one.',
  'error.network_base_url_fixed': 'This network’s address is fixed and cannot be changed here.',
  'error.mail_failed': 'The e-mail could not be sent.',
  'error.internal': 'Something went wrong on the server. Try again; if it keeps happening, tell your admin.',
  'error.unknown': 'Something went wrong. Try again.',

  'dialog.ok': 'OK',
  'dialog.cancel': 'Cancel',

  'queue.emptyMine': 'Nothing is assigned to you.',
  'queue.unassignedWaiting': '{n} unassigned conversations are waiting.',
  'queue.unassignedWaitingOne': '1 unassigned conversation is waiting.',
  'queue.openUnassigned': 'Open Unassigned',
  'conv.notFound': 'This conversation does not exist or you cannot see it.',
  'conv.backToQueue': 'Back to the queue',
  'conv.actionFailed': 'That did not work: {message}',
  'contact.mergeTitle': 'Merge contacts',
  'settings.renameTitle': 'Rename “{name}”',
  'settings.removeTitle': 'Remove',
  'settings.rotateTitle': 'Rotate the secret',
} as const;
