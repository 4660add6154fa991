// Public surface of the pure NTLM functions (client and Exchange simulator).
export * from './crypto.ts';
export * from './messages.ts';
export * from './handshake.ts';
