/**
 * The demo shop's own posts that demo comments sit under. The demo network sends each with the
 * comment (the API channel's `conversation.item`), as a network's webhook carries the post, so
 * agents see the original post above the comments without a lookup the demo network cannot answer.
 */
export const DEMO_POSTS: Record<string, { text: string; author: string; url: string; at: string }> = {
  'post-summer-sale': {
    text: 'Summer sale ☀️ 30 % off sandals, hats and beach bags until Sunday. Free delivery over €40.',
    author: 'Demo Shop',
    url: 'https://shop.demo.example/p/summer-sale',
    at: '2026-06-20T09:00:00Z',
  },
  'post-new-collection': {
    text: 'Our new autumn collection is here: linen shirts, wool scarves and the canvas tote you asked for.',
    author: 'Demo Shop',
    url: 'https://shop.demo.example/p/new-collection',
    at: '2026-09-15T09:00:00Z',
  },
};
