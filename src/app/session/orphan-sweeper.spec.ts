import { Subscription } from '../cloudlink/subscription';
import { OrphanContext, findOrphans } from './orphan-sweeper';

const APP = '11111111-2222-3333-4444-555555555555';

function subscription(id: string, deviceId: string | undefined, applicationId = APP): Subscription {
  return {
    subscriptionId: id,
    topic: 'platform-api-media',
    subjectFilter: '/x/',
    deviceId,
    applicationId,
  };
}

const context: OrphanContext = {
  applicationId: APP,
  ownClientId: 'sb-me',
  createdDevices: new Set(['sb-old-tab', 'sb-open-tab', 'sb-me']),
  liveClientIds: new Set(['sb-open-tab']),
};

describe('findOrphans', () => {
  const cases: { name: string; subscription: Subscription; isOrphan: boolean }[] = [
    {
      name: 'a closed tab of this browser',
      subscription: subscription('a', 'sb-old-tab'),
      isOrphan: true,
    },
    { name: 'this tab before a reload', subscription: subscription('b', 'sb-me'), isOrphan: true },
    { name: 'a tab still open', subscription: subscription('c', 'sb-open-tab'), isOrphan: false },
    {
      name: 'another browser of the user',
      subscription: subscription('d', 'sb-elsewhere'),
      isOrphan: false,
    },
    {
      name: 'another application',
      subscription: subscription('e', 'sb-old-tab', '99999999-2222-3333-4444-555555555555'),
      isOrphan: false,
    },
    { name: 'one without a deviceId', subscription: subscription('f', undefined), isOrphan: false },
  ];
  for (const { name, subscription: item, isOrphan } of cases) {
    it(`${isOrphan ? 'takes' : 'leaves'} ${name}`, () => {
      expect(findOrphans([item], context).length).toBe(isOrphan ? 1 : 0);
    });
  }
});
