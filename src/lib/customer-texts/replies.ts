/**
 * Replies Hearken writes itself: the public note after "Move to private" and the auto-replies
 * (acknowledgement, away message and the words that fill their {{variables}}). Part of the one
 * catalog in ./index.ts.
 */
export const REPLY_TEXTS = {
  'moveToPrivate.publicNote': {
    en: "We've sent you a private message.",
    vi: 'Chúng tôi đã gửi tin nhắn riêng cho bạn.',
    zh: '我们已私信您，请查收。',
    tr: 'Size özel mesaj gönderdik.',
    hy: 'Մենք Ձեզ անձնական հաղորդագրություն ենք ուղարկել։',
    pt: 'Enviamos uma mensagem privada para você.',
    es: 'Te hemos enviado un mensaje privado.',
  },
  'autoReply.acknowledge': {
    en: "Thanks for your message! We've got it and will answer as soon as we can.",
    vi: 'Cảm ơn bạn đã nhắn tin! Chúng tôi đã nhận được và sẽ trả lời bạn sớm nhất có thể.',
    zh: '感谢您的留言！我们已经收到，会尽快回复您。',
    tr: 'Mesajınız için teşekkürler! Mesajınızı aldık, en kısa sürede yanıt vereceğiz.',
    hy: 'Շնորհակալություն հաղորդագրության համար։ Մենք այն ստացել ենք և կպատասխանենք հնարավորինս շուտ։',
    pt: 'Obrigado pela sua mensagem! Já a recebemos e vamos responder assim que possível.',
    es: '¡Gracias por tu mensaje! Lo hemos recibido y te responderemos lo antes posible.',
  },
  // {{next_open}} is either autoReply.nextOpen or autoReply.asSoonAsWeCan: each sentence reads with both.
  'autoReply.away': {
    en: "Thanks for your message! We're away right now and will answer {{next_open}}. Our hours: {{hours}}.",
    vi: 'Cảm ơn bạn đã nhắn tin! Hiện chúng tôi đang ngoài giờ làm việc và sẽ trả lời bạn {{next_open}}. Giờ làm việc: {{hours}}.',
    zh: '感谢您的留言！我们现在不在线，将{{next_open}}回复您。服务时间：{{hours}}。',
    tr: 'Mesajınız için teşekkürler! Şu anda mesai dışındayız; size {{next_open}} yanıt vereceğiz. Çalışma saatlerimiz: {{hours}}.',
    hy: 'Շնորհակալություն հաղորդագրության համար։ Այս պահին մենք հասանելի չենք և կպատասխանենք {{next_open}}։ Մեր աշխատանքային ժամերը՝ {{hours}}։',
    pt: 'Obrigado pela sua mensagem! No momento estamos fora do horário de atendimento e vamos responder {{next_open}}. Nosso horário: {{hours}}.',
    es: '¡Gracias por tu mensaje! Ahora mismo estamos fuera de horario y te responderemos {{next_open}}. Nuestro horario: {{hours}}.',
  },
  /** When the team is back: {day} is the weekday (with the date when far), {time} is hh:mm. */
  'autoReply.nextOpen': {
    en: '{day} {time}',
    vi: 'vào {time} {day}',
    zh: '于{day} {time}',
    tr: '{day} saat {time} itibarıyla',
    hy: '{day}, ժամը {time}-ին',
    pt: 'a partir de {day}, às {time}',
    es: 'el {day} a las {time}',
  },
  'autoReply.asSoonAsWeCan': {
    en: 'as soon as we can',
    vi: 'sớm nhất có thể',
    zh: '尽快',
    tr: 'en kısa sürede',
    hy: 'հնարավորինս շուտ',
    pt: 'assim que possível',
    es: 'lo antes posible',
  },
  'autoReply.aroundTheClock': {
    en: 'around the clock',
    vi: '24/7',
    zh: '全天24小时',
    tr: '7/24',
    hy: 'շուրջօրյա',
    pt: '24 horas por dia',
    es: 'las 24 horas',
  },
  'autoReply.now': { en: 'now', vi: 'ngay bây giờ', zh: '现在', tr: 'şimdi', hy: 'հիմա', pt: 'agora', es: 'ahora' },
  /** Opening hours with no open day at all. */
  'autoReply.closed': { en: 'closed', vi: 'đóng cửa', zh: '暂停服务', tr: 'kapalı', hy: 'փակ է', pt: 'fechado', es: 'cerrado' },
} as const;
