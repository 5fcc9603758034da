/**
 * Words too common to say anything about a topic, in the languages the listening feed sees most
 * (folded like the tokenizer folds: lower case, no accents). Short on purpose: a term report
 * wants the nouns, and anything two letters or shorter is dropped anyway.
 */
const LISTS = [
  // en
  "the and for are but not you your yours with this that these those from have has had was were will would can could should what when where which who whom why how all any both each few more most other some such only own same than too very just don now out our ours they them their there then here into over under again about after before because been being does did doing its it's also get got one two off via amp http https www com",
  // pt
  'que nao não com uma para por mais mas como dos das nos nas isso esse essa este esta ele ela eles elas seu sua seus suas pelo pela tem ter foi ser sao são está esta estao já muito quando ainda você voce meu minha',
  // es
  'que los las del con una por para como pero más mas sus este esta eso esa son fue muy hay porque cuando todo también tambien usted ustedes ellos ellas nosotros mis tus',
  // fr
  'les des une est pas pour que qui dans sur avec par plus mais ont son ses cette ces tout été etre être vous nous ils elles leur aux',
  // de
  'der die das und ist nicht ein eine mit von den dem des für fur auf sich auch wie als noch nach bei aus wir ihr sie war sind hat haben oder aber',
  // it
  'che non per con una del della delle dei gli sono come più piu anche questo questa suo sua loro',
];

export const STOP_WORDS: ReadonlySet<string> = new Set(
  LISTS.join(' ')
    .split(/\s+/)
    .map((w) =>
      w
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase(),
    ),
);
