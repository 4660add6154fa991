import type { Repositories } from '../store/index.ts';

/** The store's repositories the resource routes work on. */
export type ContentRepositories = Pick<
  Repositories,
  | 'endpoints'
  | 'featureGroups'
  | 'mailboxes'
  | 'messages'
  | 'mwi'
  | 'audioCache'
  | 'contacts'
  | 'calendar'
  | 'locations'
>;
