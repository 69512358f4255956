import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { SUBJECT_CATALOG, SubjectPieces, defaultPieces } from '../subject-filter-builder';
import { SubjectPiecesEditor, splitIds } from './subject-pieces-editor';

const MEDIA = SUBJECT_CATALOG[0];

describe('splitIds', () => {
  const cases: [string, string[]][] = [
    ['130001, 130002', ['130001', '130002']],
    ['130001,130002;130003', ['130001', '130002', '130003']],
    ['  130001 \n 130002  ', ['130001', '130002']],
    [', ,', []],
  ];
  for (const [text, ids] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => expect(splitIds(text)).toEqual(ids));
  }
});

describe('SubjectPiecesEditor', () => {
  let fixture: ComponentFixture<SubjectPiecesEditor>;
  let emitted: SubjectPieces[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(SubjectPiecesEditor);
    fixture.componentRef.setInput('shape', MEDIA);
    fixture.componentRef.setInput('pieces', defaultPieces(MEDIA.topic));
    emitted = [];
    fixture.componentInstance.piecesChange.subscribe((pieces) => emitted.push(pieces));
    await fixture.whenStable();
  });

  function loader() {
    return TestbedHarnessEnvironment.loader(fixture);
  }

  it('emits a range once both ends are valid, and says what is wrong before', async () => {
    await (await loader().getHarness(MatButtonToggleHarness.with({ text: 'A range' }))).check();
    const [from, to] = await loader().getAllHarnesses(MatInputHarness);
    await from.setValue('130001');
    await to.setValue('1300');
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[role=alert]')?.textContent).toBeTruthy();
    const before = emitted.length;
    await to.setValue('130003');
    await fixture.whenStable();
    expect(emitted.length).toBeGreaterThan(before);
    expect(emitted[emitted.length - 1].ids).toEqual({
      kind: 'range',
      from: '130001',
      to: '130003',
    });
    expect(fixture.nativeElement.querySelector('[role=alert]')).toBeNull();
  });

  it('emits a list typed with commas and keeps the other pieces', async () => {
    await (await loader().getHarness(MatButtonToggleHarness.with({ text: 'A list' }))).check();
    const input = await loader().getHarness(MatInputHarness);
    await input.setValue('130001,130005');
    const last = emitted[emitted.length - 1];
    expect(last).toEqual({
      ...defaultPieces(MEDIA.topic),
      ids: { kind: 'list', ids: ['130001', '130005'] },
    });
  });

  it('"everything under it" drops the sub-collection; any version drops the version', async () => {
    const [version, sub] = await loader().getAllHarnesses(MatSelectHarness);
    await sub.clickOptions({ text: 'everything under it' });
    expect(emitted[emitted.length - 1].subCollection).toBeNull();
    await version.clickOptions({ text: 'any version' });
    expect(emitted[emitted.length - 1].version).toBeNull();
  });

  it('follows pieces read from an edited expression', async () => {
    fixture.componentRef.setInput('pieces', {
      ...defaultPieces(MEDIA.topic),
      ids: { kind: 'one', id: '130007' },
    });
    await fixture.whenStable();
    const one = await loader().getHarness(MatButtonToggleHarness.with({ text: 'One' }));
    expect(await one.isChecked()).toBeTrue();
    expect(await (await loader().getHarness(MatInputHarness)).getValue()).toBe('130007');
    expect(emitted).toEqual([]);
  });

  it('offers a range only where ids are numbers', async () => {
    const ranges = () => loader().getAllHarnesses(MatButtonToggleHarness.with({ text: 'A range' }));
    expect((await ranges()).length).toBe(1);
    const presence = SUBJECT_CATALOG.find((shape) => !shape.numericIds)!;
    fixture.componentRef.setInput('shape', presence);
    fixture.componentRef.setInput('pieces', defaultPieces(presence.topic));
    await fixture.whenStable();
    expect((await ranges()).length).toBe(0);
    expect(
      (await loader().getAllHarnesses(MatButtonToggleHarness.with({ text: 'A list' }))).length,
    ).toBe(1);
  });
});
