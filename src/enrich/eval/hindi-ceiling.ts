/**
 * How much of the XLM-T Hindi folder can honestly be called Hindi at all. The folder (SAIL 2015) is
 * romanised, code-mixed Hindi, and many of its tweets hold no Hindi word ("watching the 2nd punisher
 * . wish they'd make another one…"). A tweet with no Hindi word is English (or a bare name) whatever
 * folder it sits in, so the share of tweets with at least one Hindi word is the ceiling for that
 * folder's language-ID accuracy.
 *
 * The judge is a word list, not a model: ~500 romanised Hindi words (function words, pronouns, verb
 * forms, everyday nouns and adjectives, SMS spellings such as "nhi", "kr", "h"), gathered from the
 * words far more frequent in the Hindi folder's train/val tweets than in the English folder's, plus
 * common spellings of the same words, and then checked by reading every test tweet it judged to
 * hold no Hindi word (the ~35 Hindi, Punjabi or slang words seen there — "ruk", "baaki", "kruga",
 * "bhagoda", "jai" — were added). It is deliberately generous to Hindi: it only leaves out
 * words that are ordinary English ("to", "me", "main", "the", "hi", "he", "do", "bus", "door", "log",
 * "din", "age", "ban") and names (salman, modi, kejriwal, aap as the party…), so the ceiling it gives
 * is an upper bound. It is used only to measure; the model never sees it.
 */
import { textForLanguage } from '../text.js';

export const HINDI_JUDGE_WORDS = new Set(
  `hai hain he_ hei h hoon hun hu ho hota hoti hote hoga hogi honge hona hone hua hui hue huyi tha thi the_ thay
  ka ki ke ko se mein mei mai me_ pe par tak liye liya lia wala wali wale waale walo waali
  nahi nahin nhi ni nai na naa mat bhi hi_ toh to_ tho_ aur or_ ya_ ki_ ke_ lekin magar par_ kyunki kyuki kyonki agar agr jab jb tab tb phir fir bhir
  kya kyu kyun kyon kaise kese kaisa kaisi kaha kahan kaun kon kab kitna kitne kitni kis kisi kisko kise kaunsa
  ye yeh yehi yahi wo woh vo voh wahi wohi is_ iss isse iske iski iska isko usse uske uski uska usko unka unki unke unko inka inki inke inko unhe inhe unhone inhone jo jis jise jiska jiski jiske jinhe
  main_ mai_ mein_ mujhe muje mujhse mera meri mere hum hamara hamari hamare humara humari humare hume hame humein hamein tum tumhara tumhari tumhare tumhe tumko tu tera teri tere tujhe tujhse aap ap aapka aapki aapke apka apki apke aapko apko aapse apse aapne apne apna apni khud
  koi kuch kuchh kuch_ sab sabhi sabse sabka sabki sare saare sari_ saari ek do_ teen_ char_ paanch das sau hazaar hazar lakh crore
  ab abhi abi aaj aj kal parso kabhi kbhi hamesha fir_ phle pehle pahle baad baadmein jaldi der subah shaam raat raat_ din_ saal mahina hafta roz
  yahan yaha yha wahan waha jahan jaha udhar idhar upar neeche niche andar bahar paas pass_ dur door_ aage peeche piche saath sath
  bahut bahot bohot bohat bhut bht jyada zyada thoda thodi thode kam_ itna itni itne utna utni jitna jitni bilkul sirf bas_ bhi_ hi_ shayad zaroor jarur jaroor sach sahi galat accha acha achha acchi achi ache acche bura buri bure badi bada bade chhota chota choti naya nayi naye purana purani khush kharab mast pakka thik theek
  kar kr karo kro karna krna karne krne karta krta karti karte krte karega krega karegi karenge karunga karungi kiya kia kiye kari karke krke karwa
  ho_ hoga_ ja jaa jao jana jaana jane jaane jata jaata jati jaati jate jaate jayega jaega jayegi jaenge jaye jaaye gaya gya gaye gye gayi gyi gai
  de_ dena dene deta deti dete dega degi denge diya diye di_ dia do_ le_ lena lene leta leti lete lega legi lenge liya liye li_ lo_
  aa aaja aana aane aata aati aate aaya aya aaye aye aayi aayega aaega aayegi aao
  raha rha rahe rhe rahi rhi rahega rahenge reh rehna rehta rakh rakha rakho
  sakta skta sakti sakte sake_ sakega
  dekh dekho dekha dekhi dekhe dekhna dekhne dekhta dekhte dikha dikhta dikhe dikhao
  bol bolo bola boli bole bolna bolne bolta bolte bolti keh kehna kehta kehte kaha_ kahe kahi kahani
  soch socha sochta sochte samajh samjha samjho samajhna pata pta maloom malum jaan_ jaanta janta jante
  mil mila mili mile_ milna milne milta milega milenge chal chalo chala chali chale chalega chalna
  lag_ laga lagi lage lagta lagti lagte lagega
  chahiye chahta chahte chahti chahiye_ chaahiye
  baat baatein baate bat_ kaam kaam_ naam log_ logo logon ghar ghr dil pyar pyaar zindagi jindagi duniya desh sarkar paisa paise padhai padh padhna padhne khana khane khel paani pani
  bhai bhaiya bhaiyya bhaijaan bhaijan yaar yar yr_ dost dosto behen maa baap papa_ beta_ beti ladka ladki ladke ladkiyan aadmi insaan janta_ bacha bache bacche bachpan
  ji haan haa han_ nahi_ arre arey are_ abe oye achha accha wah waah shabash chalo_ hmm_
  matlab mtlb kyunki_ isliye islye waise vaise aise ese aisa aisi jaise jaisa jaisi kaisa_ tarah taraf taraah
  sala saala saale sali kutta kutte kutti harami chutiya chutiye kamina kamine bewakoof pagal
  izzat khuda bhagwan allah_ jeet haar maar maara maaro hath haath dimag dimaag sapna jagah halat galti wapas khatam shadi shaadi pasand kasam bhul bhool yaad naraz gussa dard khushi
  jai saab sahab mubark mubarak kiska kiski kiske ruk ruko yaro yaaro kruga karunga baaki baki agaya aagaya kriyu pdai padhai parde bta btao batao naha kutiya sacchi mucchi hurkuchh angoor anguur
  phanku baklol gaddar bhagoda deshdrohi naacho nacho matki chutiyapa kisaan kisaano vikas bhay galla jayoge kroge kuj
  hoon_ hun_ hu_ kyaa kya_ nhi_ h_ ha_`
    .split(/\s+/)
    .filter((w) => w && !w.endsWith('_')),
);

/** True when the text holds at least one word of the judge list. */
export function hasHindiWord(text: string): boolean {
  // Stretched letters ("btaaa", "hurkuchhhhh"): a run of three or more is looked up cut to one and to two.
  return textForLanguage(text)
    .split(' ')
    .some(
      (w) =>
        HINDI_JUDGE_WORDS.has(w) || HINDI_JUDGE_WORDS.has(w.replace(/(\p{L})\1{2,}/gu, '$1')) || HINDI_JUDGE_WORDS.has(w.replace(/(\p{L})\1{2,}/gu, '$1$1')),
    );
}

export interface HindiCeiling {
  /** Hindi-folder tweets scored. */
  n: number;
  /** Of them, tweets holding no Hindi word at all. */
  noHindiWord: number;
  /** Best honest accuracy on the Hindi folder: (n − noHindiWord) / n. */
  hindiCeiling: number;
  /** Tweets of the English folder the judge would call Hindi: how often it errs the other way. */
  englishWithHindiWord: number;
  englishN: number;
}

export function hindiCeiling(tweets: Array<{ text: string; lang: string }>): HindiCeiling {
  const hi = tweets.filter((t) => t.lang === 'hi');
  const en = tweets.filter((t) => t.lang === 'en');
  const noHindiWord = hi.filter((t) => !hasHindiWord(t.text)).length;
  return {
    n: hi.length,
    noHindiWord,
    hindiCeiling: hi.length ? (hi.length - noHindiWord) / hi.length : NaN,
    englishWithHindiWord: en.filter((t) => hasHindiWord(t.text)).length,
    englishN: en.length,
  };
}
