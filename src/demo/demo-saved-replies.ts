import type { App } from '../app.js';
import { saveSavedReply } from '../saved-replies/save-saved-reply.js';

/**
 * Two saved replies for the demo's most common questions, written in English with a Vietnamese
 * translation: the demo's Vietnamese customers (scripts.ts, "vi-late-delivery",
 * "vi-size-question") get the Vietnamese text from the composer, a rule or a macro, everyone
 * else the English one (README "Saved replies in several languages").
 */
export const DEMO_SAVED_REPLIES = [
  {
    name: 'Late delivery',
    body: 'Hi {{contact.first_name}}, sorry your order is late. We are checking with the courier and will write back today with news.',
    language: 'en',
    translations: [
      {
        language: 'vi',
        body: 'Chào {{contact.first_name}}, shop xin lỗi vì đơn hàng giao trễ. Shop đang kiểm tra với bên vận chuyển và sẽ báo lại cho bạn trong hôm nay.',
      },
    ],
  },
  {
    name: 'Size and colour in stock',
    body: 'Hi {{contact.first_name}}, yes, that size and colour is in stock. Orders placed today ship tomorrow.',
    language: 'en',
    translations: [
      { language: 'vi', body: 'Chào {{contact.first_name}}, dạ size và màu này shop vẫn còn hàng ạ. Đơn đặt hôm nay sẽ được gửi đi vào ngày mai.' },
    ],
  },
];

/** First start with the demo on (processes/bootstrap.ts): the demo workspace's saved replies, by its owner. */
export async function seedDemoSavedReplies(app: App, workspaceId: string, ownerId: string): Promise<void> {
  for (const r of DEMO_SAVED_REPLIES) await saveSavedReply(app, { workspaceId, actorUserId: ownerId, ...r });
}
