// The domain's public surface: pure model and rules, no I/O. Import from here.
export * from './errors.ts';
export * from './codes.ts';
export * from './validate.ts';
export * from './enums.ts';
export * from './credentials.ts';
export * from './endpoint-address.ts';
export * from './certificate.ts';
export * from './endpoint.ts';
export * from './feature-group.ts';
export * from './mailbox.ts';
export * from './message.ts';
export * from './mwi.ts';
export * from './contact.ts';
export * from './time-zone.ts';
export * from './calendar.ts';
export * from './location.ts';
export * from './change.ts';
