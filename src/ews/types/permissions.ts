// Rights and folder permissions (types.xsd EffectiveRightsType, PermissionSetType, CalendarPermissionSetType).
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, childrenOf, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { bool, field, objectCodec, str, table, type Codec } from './codec.ts';

/** What the caller may do with an item or folder (EffectiveRightsType, in schema order). */
export interface EffectiveRights {
  createAssociated: boolean;
  createContents: boolean;
  createHierarchy: boolean;
  delete: boolean;
  modify: boolean;
  read: boolean;
  viewPrivateItems?: boolean;
}

export const effectiveRightsCodec: Codec<EffectiveRights> = objectCodec(
  table([
    field('CreateAssociated', 'createAssociated', bool),
    field('CreateContents', 'createContents', bool),
    field('CreateHierarchy', 'createHierarchy', bool),
    field('Delete', 'delete', bool),
    field('Modify', 'modify', bool),
    field('Read', 'read', bool),
    field('ViewPrivateItems', 'viewPrivateItems', bool),
  ]),
);

/** UserIdType: a user, or one of the distinguished users Default and Anonymous. */
export interface PermissionUser {
  sid?: string;
  primarySmtpAddress?: string;
  displayName?: string;
  distinguishedUser?: 'Default' | 'Anonymous';
}

/** One entry of a folder's permission set (PermissionType or CalendarPermissionType). */
export interface Permission {
  userId: PermissionUser;
  canCreateItems?: boolean;
  canCreateSubFolders?: boolean;
  isFolderOwner?: boolean;
  isFolderVisible?: boolean;
  isFolderContact?: boolean;
  editItems?: string;
  deleteItems?: string;
  readItems?: string;
  /** PermissionLevel, or CalendarPermissionLevel in a calendar folder's set. */
  level: string;
}

/** A folder's PermissionSet; `calendar` selects CalendarPermissionSetType's element names. */
export interface PermissionSet {
  calendar: boolean;
  permissions: Permission[];
}

const userIdCodec: Codec<PermissionUser> = objectCodec(
  table([
    field('SID', 'sid', str),
    field('PrimarySmtpAddress', 'primarySmtpAddress', str),
    field('DisplayName', 'displayName', str),
    field('DistinguishedUser', 'distinguishedUser', str),
  ]),
);

function permissionTable(calendar: boolean) {
  return table([
    field('UserId', 'userId', userIdCodec),
    field('CanCreateItems', 'canCreateItems', bool),
    field('CanCreateSubFolders', 'canCreateSubFolders', bool),
    field('IsFolderOwner', 'isFolderOwner', bool),
    field('IsFolderVisible', 'isFolderVisible', bool),
    field('IsFolderContact', 'isFolderContact', bool),
    field('EditItems', 'editItems', str),
    field('DeleteItems', 'deleteItems', str),
    field('ReadItems', 'readItems', str),
    field(calendar ? 'CalendarPermissionLevel' : 'PermissionLevel', 'level', str),
  ]);
}
const mailPermission = objectCodec<Permission>(permissionTable(false));
const calendarPermission = objectCodec<Permission>(permissionTable(true));

export const permissionSetCodec: Codec<PermissionSet> = {
  read(el: XmlElement): PermissionSet {
    const cal = child(el, NS_TYPES, 'CalendarPermissions');
    const list = cal ?? child(el, NS_TYPES, 'Permissions');
    const entries = list
      ? childrenOf(list, NS_TYPES, cal ? 'CalendarPermission' : 'Permission').map((p) =>
          (cal ? calendarPermission : mailPermission).read(p),
        )
      : [];
    return { calendar: cal !== undefined, permissions: entries };
  },
  write(w: XmlWriter, qname: string, value: PermissionSet): void {
    w.start(qname);
    w.start(value.calendar ? 't:CalendarPermissions' : 't:Permissions');
    for (const p of value.permissions)
      (value.calendar ? calendarPermission : mailPermission).write(
        w,
        value.calendar ? 't:CalendarPermission' : 't:Permission',
        p,
      );
    w.end();
    w.end();
  },
};
