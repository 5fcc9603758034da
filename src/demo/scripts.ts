/**
 * Hand-written demo conversations. Plain data: the traffic generator (demo-run.ts) turns each turn
 * into an API-channel event, so the demo exercises the same intake path as real customers.
 * Names, order numbers, emails and phone numbers are invented.
 */
export type DemoLanguage = 'en' | 'vi' | 'zh' | 'tr' | 'hy' | 'pt';
export type DemoCategory = 'question' | 'complaint' | 'praise' | 'troll' | 'spam' | 'private' | 'lead';
export type DemoKind = 'dm' | 'comment' | 'mention' | 'email' | 'chat';

/** A customer turn; `edit` is sent as a correction shortly after, `remove` deletes it a little later. */
export type DemoTurn = string | { text: string; edit?: string; remove?: boolean };

export interface DemoScript {
  key: string;
  language: DemoLanguage;
  category: DemoCategory;
  kind: DemoKind;
  customer: { name: string; handle?: string; email?: string };
  /** comment: the brand's post the comment sits under; mention: omitted (the first post is the item). */
  itemId?: string;
  /** email only */
  subject?: string;
  turns: DemoTurn[];
}

export const DEMO_LANGUAGES: DemoLanguage[] = ['en', 'vi', 'zh', 'tr', 'hy', 'pt'];
/**
 * Dealt first, so a new user sees within the first minute what triage sets aside (spam lands in
 * the Spam folder) and how a deleted comment leaves the queue (the Removed folder).
 */
export const DEMO_FIRST_LOOK = ['vi-spam', 'en-deleted-question'];

export const DEMO_CATEGORIES: DemoCategory[] = ['question', 'complaint', 'praise', 'troll', 'spam', 'private', 'lead'];

export const DEMO_SCRIPTS: DemoScript[] = [
  // English
  {
    key: 'en-late-delivery',
    language: 'en',
    category: 'complaint',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Jake Miller', handle: '@jakem' },
    turns: [
      "Ordered from your summer sale 9 days ago and still nothing. Tracking hasn't moved since Monday.",
      'Hello?? Is anyone actually reading these comments?',
      "Courier just told me it's stuck at their depot. Can you please chase them, I need it before Saturday.",
    ],
  },
  {
    key: 'en-double-charge',
    language: 'en',
    category: 'complaint',
    kind: 'dm',
    customer: { name: 'Priya Shah', handle: '@priya.shah' },
    turns: [
      'Hi, I was charged twice for the same order this morning. Two identical payments of $64.90 on my card.',
      'I can send a screenshot of my bank app if that helps.',
    ],
  },
  {
    key: 'en-broken-blender',
    language: 'en',
    category: 'complaint',
    kind: 'dm',
    customer: { name: 'Tom Fletcher', handle: '@tfletch' },
    turns: [
      {
        text: 'The blender I got yesterday has a crack in the jug. Straight out of the box',
        edit: 'The blender I got yesterday has a crack in the jug, straight out of the box. It leaks as soon as I fill it.',
      },
      'Do I need to send it back first or can you just ship a new jug?',
    ],
  },
  {
    key: 'en-praise',
    language: 'en',
    category: 'praise',
    kind: 'mention',
    customer: { name: "Sam O'Neill", handle: '@samoneill' },
    turns: ["Shoutout to @DemoShop: ordered a floor lamp Sunday night, it arrived Tuesday morning, beautifully packed. This is how it's done."],
  },
  {
    key: 'en-troll',
    language: 'en',
    category: 'troll',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'realtalk', handle: '@xx_realtalk_xx' },
    turns: ['lol this company is a joke', 'worst brand ever, everybody knows it', 'not telling you anything, figure it out yourselves clowns'],
  },
  {
    key: 'en-spam',
    language: 'en',
    category: 'spam',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'CryptoKing 🚀', handle: '@crypto.king.signals' },
    turns: [{ text: '💰 I turned $200 into $9,400 in ONE week with this crypto bot!!! Follow me and DM "PROFIT" 👉 bit.ly/x-profit-now', remove: true }],
  },
  {
    // Deleted by the customer a little later: shows how a removed comment leaves the queue.
    key: 'en-deleted-question',
    language: 'en',
    category: 'question',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'Maya Brooks', handle: '@mayab' },
    turns: [{ text: 'Is the linen shirt from this post still available in blue, size M?', remove: true }],
  },
  {
    key: 'en-private-order',
    language: 'en',
    category: 'private',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Linda Carter', handle: '@lindac' },
    turns: [
      'My order #DS-48213 never arrived. My email is linda.carter@example.com and my phone is 555-0142, please call me today.',
      "Anyone? I've posted my details, just call me.",
    ],
  },
  {
    key: 'en-lead-desk',
    language: 'en',
    category: 'lead',
    kind: 'chat',
    customer: { name: 'Marco Rossi' },
    turns: [
      "Hi! Do you ship to Canada? I'm looking at the oak standing desk for my home office.",
      'Is there a discount if I buy two? One for me and one for my partner.',
      'Great. And how long would delivery to Toronto take?',
    ],
  },
  {
    key: 'en-email-return',
    language: 'en',
    category: 'question',
    kind: 'email',
    subject: 'Return request for order DS-47730',
    customer: { name: 'Hannah Brooks', email: 'hannah.brooks@example.com' },
    turns: [
      "Hello,\n\nI'd like to return the grey wool coat from order DS-47730. It fits fine but the colour is quite different from the photos. Could you tell me how to send it back and whether return shipping is free?\n\nKind regards,\nHannah",
      "Hi again,\n\nJust following up on my message from earlier. I'd like to get the coat back to you this week if possible.\n\nThanks,\nHannah",
    ],
  },
  {
    key: 'en-size-question',
    language: 'en',
    category: 'question',
    kind: 'chat',
    customer: { name: 'Olivia Chen' },
    turns: ["Quick question: does the linen shirt run small? I'm usually a medium.", 'Ok thanks, and is the white one see-through at all?'],
  },

  // Vietnamese
  {
    key: 'vi-late-delivery',
    language: 'vi',
    category: 'complaint',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Nguyễn Thu Hà', handle: '@thuha.ng' },
    turns: [
      'Mình đặt hàng từ thứ Hai tuần trước mà tới giờ vẫn chưa nhận được, shop kiểm tra giúp mình với.',
      'Sao không thấy ai trả lời vậy ạ? Mình cần gấp cho sinh nhật con.',
    ],
  },
  {
    key: 'vi-size-question',
    language: 'vi',
    category: 'question',
    kind: 'dm',
    customer: { name: 'Trần Minh Khoa', handle: '@khoa.tran' },
    turns: [
      { text: 'Chào shop, áo sơ mi này còn size L màu xah không ạ?', edit: 'Chào shop, áo sơ mi này còn size L màu xanh không ạ?' },
      'Nếu em đặt hôm nay thì khoảng bao lâu giao tới Đà Nẵng ạ?',
    ],
  },
  {
    key: 'vi-praise',
    language: 'vi',
    category: 'praise',
    kind: 'mention',
    customer: { name: 'Lê Phương Anh', handle: '@phuonganh.le' },
    turns: ['Lần đầu mua ở @DemoShop mà ưng quá, giao nhanh, đóng gói cẩn thận, còn có thiệp cảm ơn nữa. Sẽ ủng hộ dài dài!'],
  },
  {
    key: 'vi-private-phone',
    language: 'vi',
    category: 'private',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'Phạm Thị Lan', handle: '@lanpham' },
    turns: ['Đơn hàng DS-51022 của em bị giao nhầm màu. Số điện thoại em là 0912 345 678, shop gọi lại giúp em nhé.'],
  },
  {
    key: 'vi-double-charge',
    language: 'vi',
    category: 'complaint',
    kind: 'chat',
    customer: { name: 'Võ Quốc Bảo' },
    turns: [
      'Em bị trừ tiền hai lần cho cùng một đơn hàng, ngân hàng báo hai giao dịch 450.000đ liền nhau.',
      'Em gửi mã giao dịch cho shop được không ạ? Bao lâu thì được hoàn tiền?',
    ],
  },
  {
    key: 'vi-spam',
    language: 'vi',
    category: 'spam',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Kiếm Tiền Online 24h', handle: '@kiemtien.24h' },
    turns: ['Kiếm 5 triệu mỗi ngày tại nhà!!! Follow trang mình và inbox ngay để nhận bí kíp đầu tư coin 💸💸'],
  },

  // Chinese
  {
    key: 'zh-broken-lamp',
    language: 'zh',
    category: 'complaint',
    kind: 'dm',
    customer: { name: '王磊', handle: '@wanglei88' },
    turns: ['你好,我昨天收到的台灯底座是裂开的,外包装看起来完好无损。', '我可以拍照片发给你们。请问是换货还是直接退款?'],
  },
  {
    key: 'zh-restock-question',
    language: 'zh',
    category: 'question',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: '陈晓雨', handle: '@xiaoyu.chen' },
    turns: ['这款风衣有黑色的吗?M码什么时候补货?'],
  },
  {
    key: 'zh-bulk-lead',
    language: 'zh',
    category: 'lead',
    kind: 'chat',
    customer: { name: '刘静' },
    turns: ['您好,我们公司想采购50个保温杯做年会礼品,有团购价吗?', '需要开增值税发票,可以吗?', '好的。如果下周一下单,最快什么时候能发货?'],
  },
  {
    key: 'zh-praise',
    language: 'zh',
    category: 'praise',
    kind: 'mention',
    customer: { name: '林美玲', handle: '@meiling_lin' },
    turns: ['@DemoShop 客服回覆超快,十分鐘就幫我把地址改好了,大推!'],
  },
  {
    key: 'zh-troll',
    language: 'zh',
    category: 'troll',
    kind: 'mention',
    customer: { name: '路人甲', handle: '@luren_jia' },
    turns: ['@DemoShop 这家店就是骗子,大家千万别买', '我为什么要告诉你?你们自己心里清楚'],
  },

  // Turkish
  {
    key: 'tr-late-delivery',
    language: 'tr',
    category: 'complaint',
    kind: 'dm',
    customer: { name: 'Mehmet Demir', handle: '@mehmetdemir' },
    turns: [
      'Merhaba, siparişim 10 gündür yolda ve kargo takip numarası hiçbir şey göstermiyor.',
      'Hâlâ bir cevap alamadım. Lütfen yardımcı olur musunuz?',
      'Tamam, kargo firmasını da aradım, onlar da sizden bilgi bekliyormuş.',
    ],
  },
  {
    key: 'tr-campaign-question',
    language: 'tr',
    category: 'question',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Zeynep Kaya', handle: '@zeynepkaya' },
    turns: ['İndirim mağazalarda da geçerli mi, yoksa sadece online mı?'],
  },
  {
    key: 'tr-private-order',
    language: 'tr',
    category: 'private',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Ayşe Yılmaz', handle: '@ayseyilmaz' },
    turns: [
      'Siparişim eksik geldi! Sipariş no: DS-50877, e-posta: ayse.yilmaz@example.com, numaram 0532 123 45 67, lütfen arayın.',
      'Bir gündür bekliyorum, kimse aramadı.',
    ],
  },
  {
    key: 'tr-praise',
    language: 'tr',
    category: 'praise',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'Emre Şahin', handle: '@emresahin' },
    turns: ['Ürün harika, tam anlatıldığı gibi geldi. Müşteri hizmetlerine de ayrıca teşekkürler 👏'],
  },
  {
    key: 'tr-spam',
    language: 'tr',
    category: 'spam',
    kind: 'mention',
    customer: { name: 'Takip Et Kazan', handle: '@takip.et.kazan' },
    turns: [{ text: '@DemoShop Takip edene takip! 🔥 Bitcoin ile günde 1000$ kazanmanın sırrı profilimdeki linkte 👉 bit.ly/kolay-kazanc', remove: true }],
  },
  {
    key: 'tr-corporate-lead',
    language: 'tr',
    category: 'lead',
    kind: 'dm',
    customer: { name: 'Burak Aydın', handle: '@burakaydin' },
    turns: [
      'Merhaba, şirketimiz için 30 adet kupa almak istiyoruz. Logo baskısı yapıyor musunuz?',
      'Fiyat teklifi ve teslim süresi alabilir miyiz? Ay sonuna kadar lazım.',
    ],
  },

  // Armenian
  {
    key: 'hy-delivery-question',
    language: 'hy',
    category: 'question',
    kind: 'dm',
    customer: { name: 'Անի Պետրոսյան', handle: '@ani.petrosyan' },
    turns: ['Բարև ձեզ, Երևանում առաքումը քանի՞ օր է տևում։', 'Իսկ կարո՞ղ եմ վճարել կանխիկ՝ առաքման պահին։'],
  },
  {
    key: 'hy-double-charge',
    language: 'hy',
    category: 'complaint',
    kind: 'chat',
    customer: { name: 'Արամ Հակոբյան' },
    turns: ['Բարև, իմ քարտից երկու անգամ գումար է գանձվել նույն պատվերի համար։', 'Խնդրում եմ, շուտ ստուգեք, ամսվա վերջն է, ինձ այդ գումարը պետք է։'],
  },
  {
    key: 'hy-praise',
    language: 'hy',
    category: 'praise',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'Լիլիթ Սարգսյան', handle: '@lilit.sargsyan' },
    turns: ['Շատ գեղեցիկ հավաքածու է, արդեն պատվիրեցի երկու վերնաշապիկ 😍'],
  },
  {
    key: 'hy-broken-cup',
    language: 'hy',
    category: 'complaint',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Գոռ Մկրտչյան', handle: '@gor.mkrtchyan' },
    turns: ['Ստացա պատվերս, բայց բաժակներից մեկը կոտրված էր։ Ի՞նչ անեմ։', 'Արդեն երկու օր է՝ պատասխանի եմ սպասում...'],
  },
  {
    key: 'hy-troll',
    language: 'hy',
    category: 'troll',
    kind: 'dm',
    customer: { name: 'anonym_hy', handle: '@anonym_hy' },
    turns: ['Ձեր խանութը ամենավատն է', 'Ինչի՞ պետք է բացատրեմ, ինքներդ լավ գիտեք'],
  },

  // Portuguese
  {
    key: 'pt-late-delivery',
    language: 'pt',
    category: 'complaint',
    kind: 'mention',
    customer: { name: 'Juliana Alves', handle: '@ju.alves' },
    turns: [
      {
        text: '@DemoShop meu pedido era pra chegar semana passada e até agora nada. Cadê??',
        edit: '@DemoShop meu pedido era pra chegar semana passada e até agora nada. Cadê meu pedido??',
      },
      'Já são 12 dias. Se ninguém responder vou abrir reclamação no Reclame Aqui.',
    ],
  },
  {
    key: 'pt-email-double-charge',
    language: 'pt',
    category: 'complaint',
    kind: 'email',
    subject: 'Cobrança em duplicidade - pedido DS-49301',
    customer: { name: 'Fernanda Costa', email: 'fernanda.costa@example.com' },
    turns: [
      'Olá,\n\nFui cobrada duas vezes pelo pedido DS-49301 (duas parcelas de R$ 189,90 na mesma data). Peço o estorno da cobrança duplicada.\n\nAtenciosamente,\nFernanda Costa',
      'Bom dia,\n\nAinda aguardo um retorno sobre a cobrança duplicada. Posso enviar o extrato do cartão se for necessário.\n\nFernanda',
    ],
  },
  {
    key: 'pt-store-question',
    language: 'pt',
    category: 'question',
    kind: 'chat',
    customer: { name: 'Rafael Souza' },
    turns: ['Oi! Vocês têm loja física em São Paulo ou é só online?', 'Ah, e qual é o prazo para troca?'],
  },
  {
    key: 'pt-sofa-lead',
    language: 'pt',
    category: 'lead',
    kind: 'comment',
    itemId: 'post-summer-sale',
    customer: { name: 'Camila Ribeiro', handle: '@camilaribeiro' },
    turns: ['Esse sofá ainda está na promoção? Quero comprar, mas preciso saber se vocês entregam em Recife.', 'E parcela em quantas vezes sem juros?'],
  },
  {
    key: 'pt-private-cpf',
    language: 'pt',
    category: 'private',
    kind: 'comment',
    itemId: 'post-new-collection',
    customer: { name: 'Lucas Martins', handle: '@lucasm' },
    turns: ['Meu pedido DS-50110 veio com o tamanho errado. Meu telefone é (11) 98765-4321 e meu e-mail lucas.martins@example.com, me liguem por favor.'],
  },
];

/** What a demo customer may write back after a reply, in their language (callback.ts). */
export const DEMO_FOLLOW_UPS: Record<DemoLanguage, string[]> = {
  en: ['Thanks!', 'Thank you, that really helps.', 'Still waiting…', "Ok, I'll wait then."],
  vi: ['Cảm ơn shop nhiều!', 'Dạ vâng, em cảm ơn ạ.', 'Em vẫn đang chờ ạ…'],
  zh: ['谢谢!', '好的,麻烦你们了。', '还在等……'],
  tr: ['Teşekkürler!', 'Çok teşekkür ederim, yardımcı oldunuz.', 'Hâlâ bekliyorum…'],
  hy: ['Շնորհակալություն։', 'Շատ շնորհակալ եմ, օգնեցիք։', 'Դեռ սպասում եմ…'],
  pt: ['Obrigada!', 'Valeu, ajudou muito.', 'Ainda estou aguardando…'],
};
