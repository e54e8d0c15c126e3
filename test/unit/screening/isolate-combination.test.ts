import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CombinationIsolation } from '../../../src/screening/isolate-combination.ts';
import { GroupSplit } from '../../../src/screening/split-group.ts';
import { drive, probeSubset, SimulatedCensor, type CensorRule } from './simulated-censor.ts';

type Member = { id: string; text: string; control: string };

/** 60 benign members with the given ones placed among them, each at its own spot. */
function groupWith(...texts: [id: string, text: string][]): Member[] {
  const group: Member[] = Array.from({ length: 60 }, (_, i) => ({
    id: `b${i}`,
    text: `benign${i}`,
    control: `other${i}`,
  }));
  texts.forEach(([id, text], k) =>
    group.splice(5 + k * 13, 0, { id, text, control: `control-${id}` }),
  );
  return group;
}

function isolate(group: Member[], rules: CensorRule[], options = {}) {
  const censor = new SimulatedCensor({ rules });
  const isolation = new CombinationIsolation(group, options);
  const probes = drive(isolation, censor, group);
  return { outcome: isolation.outcome(), probes, censor };
}

/** The members fire together, and none of them can be left out. */
function assertMinimal(group: Member[], censor: SimulatedCensor, ids: string[]) {
  const members = ids.map((id) => group.find((m) => m.id === id)!);
  assert.equal(probeSubset(censor, members), 'filtered', `${ids} fire together`);
  for (const left of members) {
    const rest = members.filter((m) => m !== left);
    if (rest.length > 0)
      assert.equal(probeSubset(censor, rest), 'passed', `${ids} without ${left.id}`);
  }
}

describe('CombinationIsolation', () => {
  test('isolates a 2-component trigger and names it as term lists do', () => {
    const group = groupWith(['xi', '习近平'], ['pooh', '小熊维尼']);
    const { outcome, probes } = isolate(group, [
      { combination: ['习近平', '小熊维尼'], action: 'block' },
    ]);
    assert.deepEqual(outcome.combinations, [
      { memberIds: ['xi', 'pooh'], text: '习近平 + 小熊维尼', ordered: false },
    ]);
    assert.equal(outcome.complete, true);
    assert.equal(outcome.unstable, false);
    assert.ok(probes <= 24, `${probes} probes`);
  });

  test('isolates a 3-component trigger', () => {
    const group = groupWith(['a', 'Xi Jinping'], ['b', 'third term'], ['c', 'constitution']);
    const { outcome } = isolate(group, [
      { combination: ['Xi Jinping', 'third term', 'constitution'], action: 'block' },
    ]);
    assert.deepEqual(
      outcome.combinations.map((c) => c.text),
      ['Xi Jinping + third term + constitution'],
    );
    assert.equal(outcome.complete, true);
  });

  test('isolates overlapping components: two in one member, sharing a character', () => {
    // WeChat fired on 帶來 + 調整 + 整體 + 領域 with 調整 and 整體 fused as 調整體
    const group = groupWith(['a', '带来'], ['b', '调整体'], ['c', '领域']);
    const rules: CensorRule[] = [
      { combination: ['带来', '调整', '整体', '领域'], action: 'block' },
    ];
    const { outcome, censor } = isolate(group, rules);
    assert.deepEqual(
      outcome.combinations.map((c) => c.text),
      ['带来 + 调整体 + 领域'],
    );
    assertMinimal(group, censor, outcome.combinations[0]!.memberIds);
  });

  test('isolates a component that occurs in several members, naming each minimal combination', () => {
    const group = groupWith(['t1', 'Free Tibet'], ['f', 'freedom'], ['t2', 'Tibet House']);
    const { outcome, censor } = isolate(group, [
      { combination: ['Tibet', 'freedom'], action: 'block' },
    ]);
    assert.deepEqual(outcome.combinations.map((c) => c.text).sort(), [
      'Free Tibet + freedom',
      'freedom + Tibet House',
    ]);
    for (const c of outcome.combinations) assertMinimal(group, censor, c.memberIds);
    assert.equal(outcome.complete, true);
  });

  test('isolates an ordered combination and says it is ordered', () => {
    const group = groupWith(['a', 'June'], ['b', 'Fourth']);
    const { outcome } = isolate(group, [
      { combination: ['June', 'Fourth'], ordered: true, action: 'block' },
    ]);
    assert.deepEqual(outcome.combinations, [
      { memberIds: ['a', 'b'], text: 'June + Fourth', ordered: true },
    ]);
  });

  test('finds a second combination in the same group, disjoint or sharing a component', () => {
    const disjoint = groupWith(['a', 'alpha'], ['b', 'bravo'], ['c', 'charlie'], ['d', 'delta']);
    const two = isolate(disjoint, [
      { combination: ['alpha', 'bravo'], action: 'block' },
      { combination: ['charlie', 'delta'], action: 'block' },
    ]);
    assert.deepEqual(two.outcome.combinations.map((c) => c.text).sort(), [
      'alpha + bravo',
      'charlie + delta',
    ]);
    assert.equal(two.outcome.complete, true);

    const shared = groupWith(['xi', '习近平'], ['t', '三连任'], ['x', '修宪']);
    const both = isolate(shared, [
      { combination: ['习近平', '三连任'], action: 'block' },
      { combination: ['习近平', '修宪'], action: 'block' },
    ]);
    assert.deepEqual(both.outcome.combinations.map((c) => c.text).sort(), [
      '习近平 + 三连任',
      '习近平 + 修宪',
    ]);
    assert.equal(both.outcome.complete, true);
  });

  test('stops at maxCombinations and says the search is incomplete', () => {
    const group = groupWith(['a', 'alpha'], ['b', 'bravo'], ['c', 'charlie'], ['d', 'delta']);
    const { outcome } = isolate(
      group,
      [
        { combination: ['alpha', 'bravo'], action: 'block' },
        { combination: ['charlie', 'delta'], action: 'block' },
      ],
      { maxCombinations: 1 },
    );
    assert.equal(outcome.combinations.length, 1);
    assert.equal(outcome.complete, false);
  });

  test('finds nothing, and says it is incomplete, when the control never comes through', () => {
    const group = groupWith(['a', 'alpha'], ['b', 'bravo']);
    const censor = new SimulatedCensor({
      rules: [{ combination: ['alpha', 'bravo'], action: 'block' }],
      faultProbability: 1,
    });
    const isolation = new CombinationIsolation(group);
    const probes = drive(isolation, censor, group);
    assert.deepEqual(isolation.outcome().combinations, []);
    assert.equal(isolation.outcome().complete, false);
    assert.equal(probes, 3, 'the first probe and its two repeats, then the branch is dropped');
  });

  test('flags an unstable combination filter', () => {
    const group = groupWith(['a', 'alpha'], ['b', 'bravo']);
    const { outcome } = isolate(group, [
      { combination: ['alpha', 'bravo'], action: 'block', probability: 0.6 },
    ]);
    assert.equal(outcome.unstable, true);
  });

  test('takes over the members a split holds: a filtered group whose members all pass alone', () => {
    const group = groupWith(['a', 'democracy'], ['b', 'Hong Kong'], ['c', 'Tiananmen']);
    const rules: CensorRule[] = [
      { combination: ['democracy', 'Hong Kong'], action: 'block' },
      { keyword: 'Tiananmen', action: 'block' },
    ];
    const censor = new SimulatedCensor({ rules });
    const split = new GroupSplit(group.map((m) => m.id));
    drive(split, censor, group);
    const { filtered, held } = split.outcome();
    assert.deepEqual(filtered, ['c']);
    const heldMembers = group.filter((m) => held.includes(m.id));
    const isolation = new CombinationIsolation(heldMembers);
    drive(isolation, censor, heldMembers);
    assert.deepEqual(
      isolation.outcome().combinations.map((c) => c.text),
      ['democracy + Hong Kong'],
    );
  });

  test('resumes from a stored snapshot with the same probes and outcome', () => {
    const group = groupWith(['a', 'alpha'], ['b', 'bravo'], ['c', 'charlie']);
    const censor = () =>
      new SimulatedCensor({
        rules: [
          { combination: ['alpha', 'bravo'], action: 'block' },
          { combination: ['alpha', 'charlie'], action: 'block' },
        ],
      });
    const byId = new Map(group.map((m) => [m.id, m]));
    const run = (resume: boolean) => {
      const probing = censor();
      let isolation = new CombinationIsolation(group);
      const log: string[][] = [];
      for (let ids = isolation.next(); ids; ids = isolation.next()) {
        log.push(ids);
        isolation.report(
          probeSubset(
            probing,
            ids.map((id) => byId.get(id)!),
          ),
        );
        if (resume)
          isolation = CombinationIsolation.resume(JSON.parse(JSON.stringify(isolation.snapshot())));
      }
      return { log, outcome: isolation.outcome() };
    };
    assert.deepEqual(run(true), run(false));
  });
});
