import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { SubscriptionSpec } from '../cloudlink/subscription';
import { SubscriptionForm } from './subscription-form';

describe('SubscriptionForm', () => {
  let fixture: ComponentFixture<SubscriptionForm>;
  let submitted: SubscriptionSpec[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(SubscriptionForm);
    fixture.componentRef.setInput('endpoints', [
      { endpointId: '130001', name: 'Ada Lovelace' },
      { endpointId: '130002', name: null },
    ]);
    submitted = [];
    fixture.componentInstance.submitted.subscribe((spec) => submitted.push(spec));
    await fixture.whenStable();
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const subjectInput = () =>
    loader().getHarness(MatInputHarness.with({ selector: '[formControlName=subjectFilter]' }));
  const createButton = () =>
    loader().getHarness(MatButtonHarness.with({ text: 'Create subscription' }));

  it('submits the defaults: media topic, every endpoint', async () => {
    await (await createButton()).click();
    expect(submitted).toEqual([
      { topic: 'platform-api-media', subjectFilter: '/2017-09-01/endpoints/' },
    ]);
  });

  it('the extension quick pick writes that extension’s calls filter', async () => {
    const pick = await loader().getHarness(
      MatSelectHarness.with({ selector: '[placeholder="Choose an extension"]' }),
    );
    await pick.open();
    const options = await pick.getOptions();
    expect(await Promise.all(options.map((option) => option.getText()))).toEqual([
      '130001 · Ada Lovelace',
      '130002',
    ]);
    await options[0].click();
    expect(await (await subjectInput()).getValue()).toBe('/2017-09-01/endpoints/130001/calls');
    await (await createButton()).click();
    expect(submitted[0].subjectFilter).toBe('/2017-09-01/endpoints/130001/calls');
  });

  const badFilters = [
    { value: '', error: 'Enter a subject filter.' },
    { value: '/endpoints/(13000', error: 'Not a valid regular expression' },
    { value: 'endpoints/+/calls', error: 'MQTT wildcard' },
    { value: '/2017-09-01/#', error: 'MQTT wildcard' },
  ];
  for (const { value, error } of badFilters) {
    it(`refuses the subject filter "${value}" and says why`, async () => {
      const input = await subjectInput();
      await input.setValue(value);
      await input.blur();
      await (await createButton()).click();
      const field = await loader().getHarness(
        MatFormFieldHarness.with({ floatingLabelText: 'Subject filter' }),
      );
      expect((await field.getTextErrors()).join(' ')).toContain(error);
      expect(submitted).toEqual([]);
    });
  }

  it('passes a publication filter through, trimmed, and refuses one that is not JSONPath', async () => {
    const publication = await loader().getHarness(
      MatInputHarness.with({ selector: '[formControlName=publicationFilter]' }),
    );
    await publication.setValue('content.state == ringing');
    await (await createButton()).click();
    expect(submitted).toEqual([]);
    const field = await loader().getHarness(
      MatFormFieldHarness.with({ floatingLabelText: 'Publication filter (optional)' }),
    );
    expect((await field.getTextErrors()).join(' ')).toContain('starts with $');

    await publication.setValue("  $.publications[?(@.content.state == 'ringing')] ");
    await (await createButton()).click();
    expect(submitted).toEqual([
      {
        topic: 'platform-api-media',
        subjectFilter: '/2017-09-01/endpoints/',
        publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
      },
    ]);
  });

  it('shows the error it is given and disables the button while submitting', async () => {
    fixture.componentRef.setInput('error', 'Could not create the subscription: HTTP 403');
    fixture.componentRef.setInput('isSubmitting', true);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[role=alert]').textContent).toContain('HTTP 403');
    expect(await (await createButton()).isDisabled()).toBeTrue();
  });
});
