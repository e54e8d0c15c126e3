// The planted matrix of the accuracy benchmark: every lab firmware behaviour, immediate and late, in Latin, CJK and Lithuanian.
import type { VendorRule } from '../src/lab/vendor-list.ts';
import type { Verdict } from '../src/oracle/verdict.ts';

export interface Scenario {
  id: string;
  text: string;
  language: string;
  /** The rule planted for it; null for a term planted nowhere (must stay intact). */
  rule: VendorRule | null;
  /** Verdict class on the switched-on firmware. */
  expected: Verdict;
}

type Behaviour =
  | 'mask'
  | 'mask-late'
  | 'mask-partial'
  | 'remove'
  | 'remove-late'
  | 'alter'
  | 'alter-late'
  | 'block'
  | 'blank'
  | 'mask-input'
  | 'combination';

const CLASS_OF: Record<Behaviour, Verdict> = {
  mask: 'masked',
  'mask-late': 'masked',
  'mask-partial': 'masked',
  remove: 'removed',
  'remove-late': 'removed',
  alter: 'altered',
  'alter-late': 'altered',
  block: 'blocked',
  blank: 'blank',
  'mask-input': 'masked',
  combination: 'masked',
};

/** A planted term; `replacement` for alterations, `parts` for a combination. */
interface Planted {
  text: string;
  replacement?: string;
  parts?: [string, string];
}

/** Per script: a term for every behaviour and unplanted terms. */
const SCRIPTS: Record<
  string,
  { language: string; planted: Record<Behaviour, Planted>; unplanted: string[] }
> = {
  latin: {
    language: 'en',
    planted: {
      mask: { text: 'Free Tibet' },
      'mask-late': { text: 'Democracy movement' },
      'mask-partial': { text: 'Voice of America' },
      remove: { text: 'Tiananmen protest' },
      'remove-late': { text: 'Charter 08' },
      // a case change is an alteration
      alter: { text: 'Tank Man', replacement: 'tank man' },
      // homoglyphs: Cyrillic і and р in place of the Latin letters
      'alter-late': { text: 'Xi Jinping', replacement: 'Xі Jіnріng' },
      block: { text: 'Falun Gong practice' },
      blank: { text: 'Radio Free Asia' },
      'mask-input': { text: 'Long live Taiwan independence' },
      combination: { text: 'Dalai + Lama', parts: ['Dalai', 'Lama'] },
    },
    unplanted: ['Hong Kong protests', 'June Fourth'],
  },
  cjk: {
    language: 'zh-Hans',
    planted: {
      mask: { text: '西藏自由' },
      'mask-late': { text: '民主运动' },
      'mask-partial': { text: '美国之音' },
      remove: { text: '六四事件' },
      'remove-late': { text: '零八宪章' },
      // Traditional forms turned into Simplified ones
      alter: { text: '臺灣獨立', replacement: '台湾独立' },
      'alter-late': { text: '天安门母亲', replacement: '和谐社会' },
      block: { text: '台湾独立万岁' },
      blank: { text: '自由亚洲电台' },
      'mask-input': { text: '法轮大法' },
      combination: { text: '达赖 + 喇嘛', parts: ['达赖', '喇嘛'] },
    },
    unplanted: ['香港抗议', '六月四日'],
  },
  lithuanian: {
    language: 'lt',
    planted: {
      mask: { text: 'Laisvę Tibetui' },
      'mask-late': { text: 'Demokratijos judėjimas' },
      'mask-partial': { text: 'Amerikos balsas' },
      remove: { text: 'Tiananmenio protestas' },
      'remove-late': { text: 'Chartija 08' },
      // one diacritic stripped (ę → e)
      alter: { text: 'Laisvę Honkongui', replacement: 'Laisve Honkongui' },
      'alter-late': { text: 'Tankų žmogus', replacement: 'Turistų žmogus' },
      block: { text: 'Tegyvuoja Taivano nepriklausomybė' },
      blank: { text: 'Laisvosios Azijos radijas' },
      'mask-input': { text: 'Falun Gong praktika' },
      combination: { text: 'Tibeto + laisvė', parts: ['Tibeto', 'laisvė'] },
    },
    unplanted: ['Honkongo protestai', 'Birželio ketvirtoji'],
  },
};

export const LATE_DELAY_MS = 800;
/** Leading characters a partial mask leaves visible. */
const PARTIAL_KEEP = 2;

function ruleOf(behaviour: Behaviour, planted: Planted): VendorRule {
  const terms = [planted.text];
  switch (behaviour) {
    case 'combination':
      return { action: 'mask', all: planted.parts! };
    case 'mask-late':
      return { action: 'mask-late', delayMs: LATE_DELAY_MS, terms };
    case 'mask-partial':
      return { action: 'mask', keep: PARTIAL_KEEP, terms };
    case 'remove-late':
      return { action: 'remove', delayMs: LATE_DELAY_MS, terms };
    case 'alter':
      return { action: 'alter', replacement: planted.replacement!, terms };
    case 'alter-late':
      return {
        action: 'alter',
        replacement: planted.replacement!,
        delayMs: LATE_DELAY_MS,
        terms,
      };
    default:
      return { action: behaviour, terms };
  }
}

export function scenarios(): Scenario[] {
  return Object.entries(SCRIPTS).flatMap(([script, { language, planted, unplanted }]) => [
    ...Object.entries(planted).map(([behaviour, term]): Scenario => ({
      id: `${script}-${behaviour}`,
      text: term.text,
      language,
      rule: ruleOf(behaviour as Behaviour, term),
      expected: CLASS_OF[behaviour as Behaviour],
    })),
    ...unplanted.map((text, index): Scenario => ({
      id: `${script}-unplanted-${index + 1}`,
      text,
      language,
      rule: null,
      expected: 'intact',
    })),
  ]);
}
