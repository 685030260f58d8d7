// A scope shaped like the runner's: two carbon hosts, a registered result, role variables that refer to others.

import type { Scope } from '../../src/template/index.js';

export function createScope(): Scope {
  return {
    inventory_hostname: 'am1',
    group_names: ['carbon'],
    groups: { all: ['am1', 'am2', 'lb'], carbon: ['am1', 'am2'], lb: ['lb'] },
    play_hosts: ['am1', 'am2'],
    ansible_play_batch: ['am1'],
    hostvars: {
      am1: { ansible_host: '10.0.0.11', member_port: 4100, offset: 0 },
      am2: { ansible_host: '10.0.0.12', member_port: 4101, offset: 1 },
      lb: { ansible_host: '10.0.0.2' },
    },
    port: 9443,
    offset: 1,
    ratio: 2.5,
    name: 'Carbon',
    enabled: true,
    disabled: false,
    nothing: null,
    empty: '',
    zero: 0,
    ports: [9443, 9763],
    members: ['10.0.0.11', '10.0.0.12'],
    db: { host: 'db.local', port: 3306, opts: { latin1: true } },
    markup: '<a href="x">&amp;</a>',
    carbon_home: '{{ base_dir }}/wso2am',
    base_dir: '/opt',
    derived_ports: ['{{ port }}', 9763],
    loop_a: '{{ loop_b }}',
    loop_b: '{{ loop_a }}',
    item: { name: 'wso2am', version: '4.2.0' },
    result: { changed: true, failed: false, rc: 0, stdout: 'ok' },
    failed_result: { changed: false, failed: true, rc: 1 },
    skipped_result: { changed: false, skipped: true },
  };
}
