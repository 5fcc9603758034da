/**
 * Saved replies in several languages (issue 13, README "Saved replies"): the settings form's
 * translations and the composer's language label. Part of the one catalog, en.ts, which spreads
 * them in. The older saved-reply strings stay in en-settings.ts and en.ts.
 */
export const enSavedReplies = {
  'srLang.mainLanguage': 'Language of the main text (optional)',
  'srLang.mainLanguageHelp': 'A code such as en, vi, es or pt-BR. The main text is sent when no translation matches the conversation’s language.',
  'srLang.translations': 'Translations',
  'srLang.translationsHelp': 'Sent instead of the main text to conversations in that language (pt-BR conversations get a pt text when there is no pt-BR one).',
  'srLang.none': 'No translations yet.',
  'srLang.language': 'Language code',
  'srLang.text': 'Text in {language}',
  'srLang.textNew': 'Text of this translation',
  'srLang.add': 'Add a language',
  'srLang.remove': 'Remove {language}',
  'srLang.languages': 'Languages',
  'srLang.main': 'main text',
  'srLang.mainIn': 'main text, {language}',
  'srLang.inserted': 'Inserted: {variant}',
  'srLang.noMatch': 'no {language} text',
  'srLang.switch': 'Insert another language',
  'srLang.duplicate': '{language} appears twice: one text per language.',
} as const;
