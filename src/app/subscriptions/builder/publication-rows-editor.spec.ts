import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { RowsFilter } from '../publication-filter-builder';
import { PublicationRowsEditor } from './publication-rows-editor';

describe('PublicationRowsEditor', () => {
  let fixture: ComponentFixture<PublicationRowsEditor>;
  let emitted: RowsFilter[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(PublicationRowsEditor);
    fixture.componentRef.setInput('filter', { combinator: 'and', rows: [] });
    emitted = [];
    fixture.componentInstance.filterChange.subscribe((filter) => emitted.push(filter));
    await fixture.whenStable();
  });

  function loader() {
    return TestbedHarnessEnvironment.loader(fixture);
  }

  it('adds a complete first condition (state is ringing) and emits it', async () => {
    await (await loader().getHarness(MatButtonHarness.with({ text: 'Add condition' }))).click();
    expect(emitted).toEqual([
      { combinator: 'and', rows: [{ field: 'state', operator: 'is', value: 'ringing' }] },
    ]);
  });

  it('holds back a row without its value and says so, then emits it once typed', async () => {
    await (await loader().getHarness(MatButtonHarness.with({ text: 'Add condition' }))).click();
    const [field] = await loader().getAllHarnesses(MatSelectHarness);
    await field.clickOptions({ text: 'From' });
    await fixture.whenStable();
    const count = emitted.length;
    expect(fixture.nativeElement.querySelector('.problem')?.textContent).toBeTruthy();
    const [operator] = (await loader().getAllHarnesses(MatSelectHarness)).slice(1);
    await operator.clickOptions({ text: 'starts with' });
    expect(emitted.length).toBe(count);
    await (await loader().getHarness(MatInputHarness)).setValue('+1613');
    expect(emitted[emitted.length - 1]).toEqual({
      combinator: 'and',
      rows: [{ field: 'from', operator: 'startsWith', value: '+1613' }],
    });
  });

  it('offers "any condition holds" with two rows, and Remove takes a row out', async () => {
    fixture.componentRef.setInput('filter', {
      combinator: 'and',
      rows: [
        { field: 'state', operator: 'is', value: 'ringing' },
        { field: 'cause', operator: 'exists', value: '' },
      ],
    });
    await fixture.whenStable();
    const [combinator] = await loader().getAllHarnesses(MatSelectHarness);
    await combinator.clickOptions({ text: 'any condition holds' });
    expect(emitted[emitted.length - 1].combinator).toBe('or');
    await (await loader().getHarness(MatButtonHarness.with({ text: 'Remove' }))).click();
    expect(emitted[emitted.length - 1].rows).toEqual([
      { field: 'cause', operator: 'exists', value: '' },
    ]);
  });
});
