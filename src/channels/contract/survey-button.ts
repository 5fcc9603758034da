/**
 * The wire format of a survey button (docs/surveys.md): surveys/ writes it into the buttons a
 * sender shows, and a network's parser reads it back from the press into an InboundSurveyAnswer.
 * Both sides share it here so neither imports the other.
 */

/** Button payloads: "hks:<survey id>:<score>" (Telegram callback data is at most 64 bytes). */
export const PAYLOAD_PREFIX = 'hks:';
export const buttonPayload = (surveyId: string, score: number) => `${PAYLOAD_PREFIX}${surveyId}:${score}`;

export function parseButtonPayload(payload: string | undefined | null): { surveyId: string; score: number } | null {
  const m = payload ? /^hks:([0-9a-f]{8,64}):(\d{1,2})$/.exec(payload) : null;
  return m ? { surveyId: m[1]!, score: Number(m[2]) } : null;
}
