// The dependency rule of docs/architecture.md §3, enforced by eslint-plugin-boundaries: every file
// under src/ belongs to one element, and an import is allowed only along the arrows below.
// domain <- store <- services <- api, cli, sync; connectors <- sync; cli and sync never import api;
// ews depends on nothing of ours; exchange-sim only on ews's wire format (see EXCHANGE_SIM_SHARES).
import boundaries from 'eslint-plugin-boundaries';

/**
 * Element types, most specific first (the first matching pattern classifies a file). src/server.ts,
 * the composition root of `voxsync serve`, is the one file outside every element: it wires them all.
 */
const elements = [
  // The EWS wire format the simulator shares with the client.
  { type: 'ews-wire', pattern: ['src/ews/soap', 'src/ews/types'] },
  // Documented exceptions: parts of the client the simulator also uses (see EXCHANGE_SIM_SHARES).
  {
    type: 'ews-shared',
    pattern: ['src/ews/operations', 'src/ews/notifications', 'src/ews/transport/ntlm'],
  },
  { type: 'ews', pattern: 'src/ews' },
  { type: 'exchange-sim', pattern: 'src/exchange-sim' },
  { type: 'domain', pattern: 'src/domain' },
  { type: 'store', pattern: 'src/store' },
  { type: 'services', pattern: ['src/services', 'src/bundles'] },
  { type: 'connectors', pattern: 'src/connectors' },
  { type: 'sync', pattern: 'src/sync' },
  { type: 'events', pattern: 'src/events' },
  { type: 'api', pattern: 'src/api' },
  { type: 'cli', pattern: 'src/cli' },
  // Leaves: small modules with no knowledge of voxsync's layers.
  { type: 'time-zones', pattern: 'src/time-zones' },
  { type: 'secrets', pattern: 'src/secrets' },
  { type: 'logging', pattern: 'src/logging' },
  { type: 'config', pattern: 'src/config' },
  { type: 'audio', pattern: 'src/audio' },
];

const EWS_ALL = ['ews', 'ews-wire', 'ews-shared'];

/**
 * What the simulator takes from the client, beyond the wire format (ews/soap, ews/types):
 * ews/operations (each operation's request/response codec: the simulator parses what the client
 * builds and answers in the shape the client parses), ews/errors.ts (the ResponseCode names),
 * ews/notifications (the push notification envelope) and ews/transport/ntlm (the NTLM message codec
 * the simulator's NTLM server reuses). None of these reaches voxsync's own layers.
 */
const EXCHANGE_SIM_SHARES = ['ews-wire', 'ews-shared', 'time-zones'];

/** from → the element types it may import (its own type is always allowed). */
const allowed = {
  domain: ['time-zones'],
  'time-zones': [],
  secrets: [],
  logging: [],
  config: ['secrets'],
  audio: ['domain'],
  store: ['domain', 'secrets'],
  services: ['domain', 'store', 'secrets', 'audio', 'time-zones'],
  // The endpoint connection test and certificate probe are connector calls made for the API.
  connectors: ['domain', 'secrets', 'time-zones', ...EWS_ALL],
  sync: ['domain', 'store', 'services', 'connectors', 'secrets', 'audio', 'logging', 'time-zones', 'config'],
  events: ['domain', 'store', 'services'],
  api: ['domain', 'store', 'services', 'events', 'secrets', 'audio', 'logging', 'connectors', 'config'],
  cli: [
    'domain',
    'store',
    'services',
    'connectors',
    'secrets',
    'audio',
    'logging',
    'config',
    'exchange-sim',
    'time-zones',
    ...EWS_ALL,
  ],
  ews: ['time-zones', ...EWS_ALL],
  'ews-wire': ['time-zones', ...EWS_ALL],
  'ews-shared': ['time-zones', ...EWS_ALL],
  'exchange-sim': EXCHANGE_SIM_SHARES,
};

export const boundaryPolicies = [
  ...Object.entries(allowed).map(([from, to]) => ({
    from: { element: { type: from } },
    allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
  })),
  // ews/errors.ts is a file among the client's own; the simulator may use it (EXCHANGE_SIM_SHARES).
  {
    from: { element: { type: 'exchange-sim' } },
    allow: { to: { file: { path: 'src/ews/errors.ts' } } },
  },
];

export default [
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': [2, { default: 'disallow', policies: boundaryPolicies }],
    },
  },
];
