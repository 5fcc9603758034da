/**
 * Cue words for languages outside the sentiment model's training data. Deliberately short lists of
 * unambiguous customer-care words; a message with no cue falls back to the model (emoji still work).
 */
import type { SentimentLabel } from './sentiment.js';

interface Cues {
  pos: string[];
  neg: string[];
}

// Matched as substrings of the lower-cased text: these scripts/languages either have no spaces
// (zh) or agglutinate (tr, hy), so whole-word matching would miss most forms.
export const SENTIMENT_CUES: Record<string, Cues> = {
  vi: {
    pos: ['cảm ơn', 'tuyệt vời', 'rất tốt', 'hài lòng', 'thích', 'tuyệt', 'nhanh chóng', 'chuyên nghiệp', 'yêu'],
    neg: ['thất vọng', 'tệ', 'chưa nhận', 'không nhận', 'lừa đảo', 'chậm', 'hỏng', 'lỗi', 'bực', 'kém', 'quá tệ', 'không hài lòng', 'hoàn tiền', 'khiếu nại'],
  },
  tr: {
    pos: ['teşekkür', 'sağol', 'harika', 'mükemmel', 'süper', 'memnun', 'bayıldım', 'çok iyi', 'güzel', 'başarılı'],
    neg: [
      'rezalet',
      'berbat',
      'şikayet',
      'memnun değil',
      'gelmedi',
      'hala bekli',
      'hâlâ bekli',
      'iade',
      'bozuk',
      'kötü',
      'dolandır',
      'sinir',
      'yazık',
      'saygısız',
      'cevap vermiyor',
    ],
  },
  zh: {
    pos: ['谢谢', '謝謝', '感谢', '感謝', '很好', '满意', '滿意', '喜欢', '喜歡', '棒', '赞', '讚', '优秀', '優秀'],
    neg: ['太差', '很差', '失望', '投诉', '投訴', '退款', '骗', '騙', '垃圾', '没收到', '沒收到', '坏了', '壞了', '生气', '生氣', '太慢', '糟糕'],
  },
  hy: {
    pos: ['շնորհակալ', 'հիանալի', 'լավ', 'գոհ', 'սիրում', 'հրաշալի'],
    neg: ['վատ', 'դժգոհ', 'բողոք', 'չեմ ստացել', 'խաբ', 'հիասթափ', 'սարսափելի'],
  },
};

export function lexiconSentiment(text: string, lang: string): { label: SentimentLabel; score: number; confidence: number } | undefined {
  const cues = SENTIMENT_CUES[lang];
  if (!cues) return undefined;
  const t = text.toLowerCase();
  // Negative cues like "memnun değil" contain positive ones ("memnun"): count the longer match only.
  let neg = 0;
  let masked = t;
  for (const c of cues.neg)
    if (masked.includes(c)) {
      neg++;
      masked = masked.split(c).join(' ');
    }
  let pos = 0;
  for (const c of cues.pos) if (masked.includes(c)) pos++;
  if (pos === neg) return pos === 0 ? undefined : { label: 'neutral', score: 0, confidence: 0.5 };
  const score = Math.max(-1, Math.min(1, (pos - neg) / (pos + neg + 1)));
  return { label: pos > neg ? 'positive' : 'negative', score: Math.round(score * 1000) / 1000, confidence: 0.6 };
}
