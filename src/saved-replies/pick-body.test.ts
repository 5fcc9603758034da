import { describe, expect, it } from 'vitest';
import { canonicalLanguage, pickSavedReplyBody } from './pick-body.js';

const reply = {
  body: 'Sorry for the wait.',
  translations: [
    { language: 'vi', body: 'Xin lỗi vì đã để bạn chờ.' },
    { language: 'pt', body: 'Desculpe a demora.' },
    { language: 'pt-BR', body: 'Foi mal pela demora.' },
    { language: 'zh-Hant', body: '抱歉讓您久等了。' },
  ],
};

describe('pickSavedReplyBody', () => {
  it('takes the exact language, case-insensitively', () => {
    expect(pickSavedReplyBody(reply, 'vi')).toEqual({ body: 'Xin lỗi vì đã để bạn chờ.', language: 'vi', source: 'translation' });
    expect(pickSavedReplyBody(reply, 'pt-br').body).toBe('Foi mal pela demora.');
    expect(pickSavedReplyBody(reply, 'ZH-hant').body).toBe('抱歉讓您久等了。');
  });

  it('falls back to the primary subtag, preferring the bare language over a sibling region', () => {
    expect(pickSavedReplyBody(reply, 'pt-PT')).toEqual({ body: 'Desculpe a demora.', language: 'pt', source: 'translation' });
    expect(pickSavedReplyBody(reply, 'vi-VN').body).toBe('Xin lỗi vì đã để bạn chờ.');
    // Only a regional text for the language: still closer than the main text.
    expect(pickSavedReplyBody(reply, 'zh').body).toBe('抱歉讓您久等了。');
  });

  it('falls back to the main text for another, an unknown or no language', () => {
    for (const lang of ['de', 'und', '', null, undefined])
      expect(pickSavedReplyBody(reply, lang)).toEqual({ body: 'Sorry for the wait.', language: null, source: 'main' });
    expect(pickSavedReplyBody({ body: 'Hi', translations: [] }, 'vi').source).toBe('main');
  });

  it("counts the main text's own language, which wins a tie", () => {
    const withMain = { ...reply, language: 'es' };
    expect(pickSavedReplyBody(withMain, 'es-MX')).toEqual({ body: 'Sorry for the wait.', language: 'es', source: 'main' });
    expect(pickSavedReplyBody(withMain, 'de')).toEqual({ body: 'Sorry for the wait.', language: 'es', source: 'main' });
    expect(pickSavedReplyBody({ body: 'Olá', language: 'pt', translations: [{ language: 'pt-BR', body: 'Oi' }] }, 'pt-AO').body).toBe('Olá');
  });

  it('writes tags in canonical case', () => {
    expect(['PT-br', 'zh-hant-tw', 'es_419', 'VI'].map(canonicalLanguage)).toEqual(['pt-BR', 'zh-Hant-TW', 'es-419', 'vi']);
  });
});
