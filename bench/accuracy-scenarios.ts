// The planted matrix of the accuracy benchmark: every lab firmware behaviour in Latin, CJK and Lithuanian.
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

type Behaviour = 'mask' | 'mask-late' | 'remove' | 'block' | 'blank' | 'mask-input' | 'combination';

const CLASS_OF: Record<Behaviour, Verdict> = {
  mask: 'masked',
  'mask-late': 'masked',
  remove: 'removed',
  block: 'blocked',
  blank: 'blank',
  'mask-input': 'masked',
  combination: 'masked',
};

/** Per script: a term for every behaviour (a combination as its two parts) and unplanted terms. */
const SCRIPTS: Record<
  string,
  { language: string; planted: Record<Behaviour, string | [string, string]>; unplanted: string[] }
> = {
  latin: {
    language: 'en',
    planted: {
      mask: 'Free Tibet',
      'mask-late': 'Democracy movement',
      remove: 'Tiananmen protest',
      block: 'Falun Gong practice',
      blank: 'Voice of America',
      'mask-input': 'Long live Taiwan independence',
      combination: ['Dalai', 'Lama'],
    },
    unplanted: ['Hong Kong protests', 'June Fourth'],
  },
  cjk: {
    language: 'zh-Hans',
    planted: {
      mask: '西藏自由',
      'mask-late': '民主运动',
      remove: '六四事件',
      block: '台湾独立万岁',
      blank: '美国之音',
      'mask-input': '法轮大法',
      combination: ['达赖', '喇嘛'],
    },
    unplanted: ['香港抗议', '六月四日'],
  },
  lithuanian: {
    language: 'lt',
    planted: {
      mask: 'Laisvę Tibetui',
      'mask-late': 'Demokratijos judėjimas',
      remove: 'Tiananmenio protestas',
      block: 'Tegyvuoja Taivano nepriklausomybė',
      blank: 'Amerikos balsas',
      'mask-input': 'Falun Gong praktika',
      combination: ['Tibeto', 'laisvė'],
    },
    unplanted: ['Honkongo protestai', 'Birželio ketvirtoji'],
  },
};

export const LATE_DELAY_MS = 800;

export function scenarios(): Scenario[] {
  return Object.entries(SCRIPTS).flatMap(([script, { language, planted, unplanted }]) => [
    ...Object.entries(planted).map(([behaviour, text]): Scenario => {
      const b = behaviour as Behaviour;
      const rule: VendorRule =
        b === 'combination'
          ? { action: 'mask', all: text as string[] }
          : b === 'mask-late'
            ? { action: 'mask-late', delayMs: LATE_DELAY_MS, terms: [text as string] }
            : { action: b, terms: [text as string] };
      return {
        id: `${script}-${b}`,
        text: Array.isArray(text) ? text.join(' + ') : text,
        language,
        rule,
        expected: CLASS_OF[b],
      };
    }),
    ...unplanted.map((text, index): Scenario => ({
      id: `${script}-unplanted-${index + 1}`,
      text,
      language,
      rule: null,
      expected: 'intact',
    })),
  ]);
}
