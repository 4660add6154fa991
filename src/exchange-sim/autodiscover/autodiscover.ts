// Autodiscover: POX (autodiscover.xml, outlook response schema 2006a) and SOAP GetUserSettings (autodiscover.svc).
import { child, childrenOf, parseXml, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_SOAP } from '../../ews/soap/namespaces.ts';
import { escapeText } from '../../ews/soap/xml-writer.ts';
import type { SimState } from '../state.ts';
import { SERVER_VERSION_INFO } from '../ews/versions.ts';

const NS_POX_REQ = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const NS_AD = 'http://schemas.microsoft.com/exchange/2010/Autodiscover';

/** Autodiscover's ServerVersion: hex of 4 bits 0111, 6 bits major, 6 bits minor, 1 bit 1, 15 bits build (MS-OXDSCLI). */
export function serverVersionHex(sim: SimState): string {
  const v = SERVER_VERSION_INFO[sim.serverVersion];
  const n =
    (0b0111 << 28) |
    ((v.majorVersion ?? 15) << 22) |
    ((v.minorVersion ?? 0) << 16) |
    (1 << 15) |
    (v.majorBuildNumber ?? 0);
  return (n >>> 0).toString(16).toUpperCase();
}

function casVersion(sim: SimState): string {
  const v = SERVER_VERSION_INFO[sim.serverVersion];
  return `${v.majorVersion}.${String(v.minorVersion).padStart(2, '0')}.${String(v.majorBuildNumber).padStart(4, '0')}.${String(v.minorBuildNumber).padStart(3, '0')}`;
}

export interface AutodiscoverReply {
  readonly status: number;
  readonly xml: string;
}

function poxError(code: string, message: string): AutodiscoverReply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="${new Date().toISOString().slice(11, 19)}" Id="2477272013"><ErrorCode>${code}</ErrorCode><Message>${escapeText(message)}</Message><DebugData /></Error></Response></Autodiscover>`;
  return { status: 200, xml };
}

export function handlePox(sim: SimState, body: Buffer, ewsUrl: string): AutodiscoverReply {
  let email: string | undefined;
  try {
    const root = parseXml(body, { maxBytes: 1024 * 1024 });
    const req = child(root, NS_POX_REQ, 'Request');
    email = req ? child(req, NS_POX_REQ, 'EMailAddress')?.text.trim() : undefined;
  } catch {
    return poxError('600', 'Invalid Request');
  }
  if (!email) return poxError('600', 'Invalid Request');
  const account = sim.directory.findMailbox(email);
  if (!account) return poxError('500', "The email address can't be found.");
  const url = escapeText(ewsUrl);
  const xml =
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">` +
    `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">` +
    `<User><DisplayName>${escapeText(account.displayName)}</DisplayName><AutoDiscoverSMTPAddress>${escapeText(account.smtp!)}</AutoDiscoverSMTPAddress></User>` +
    `<Account><AccountType>email</AccountType><Action>settings</Action><MicrosoftOnline>False</MicrosoftOnline>` +
    `<Protocol><Type>EXCH</Type><Server>exsim01.${escapeText(sim.directory.dnsDomain)}</Server><ServerVersion>${serverVersionHex(sim)}</ServerVersion><ASUrl>${url}</ASUrl><EwsUrl>${url}</EwsUrl><EmwsUrl>${url}</EmwsUrl><OOFUrl>${url}</OOFUrl></Protocol>` +
    `<Protocol><Type>EXPR</Type><Server>exsim01.${escapeText(sim.directory.dnsDomain)}</Server><ASUrl>${url}</ASUrl><EwsUrl>${url}</EwsUrl><OOFUrl>${url}</OOFUrl></Protocol>` +
    `</Account></Response></Autodiscover>`;
  return { status: 200, xml };
}

/** SOAP GetUserSettings: the settings a client asks for, per user (samples GetUserSettings-*.xml). */
export function handleSoapAutodiscover(sim: SimState, body: Buffer, ewsUrl: string): AutodiscoverReply {
  let reqBody: XmlElement | undefined;
  try {
    const root = parseXml(body, { maxBytes: 1024 * 1024 });
    reqBody = child(root, NS_SOAP, 'Body')?.children[0];
  } catch {
    reqBody = undefined;
  }
  if (!reqBody || reqBody.local !== 'GetUserSettingsRequestMessage') {
    return {
      status: 400,
      xml: '<?xml version="1.0" encoding="utf-8"?><error>Only GetUserSettings is supported by this simulator.</error>',
    };
  }
  const request = child(reqBody, NS_AD, 'Request');
  const users = request ? childrenOf(child(request, NS_AD, 'Users') ?? request, NS_AD, 'User') : [];
  const wanted = request
    ? childrenOf(child(request, NS_AD, 'RequestedSettings') ?? request, NS_AD, 'Setting').map((s) =>
        s.text.trim(),
      )
    : [];
  const values: Record<string, (smtp: string, name: string) => string> = {
    UserDisplayName: (_s, n) => n,
    InternalEwsUrl: () => ewsUrl,
    ExternalEwsUrl: () => ewsUrl,
    CasVersion: () => casVersion(sim),
    EwsSupportedSchemas: () =>
      sim.serverVersion === '2013'
        ? 'Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1'
        : 'Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016',
    GroupingInformation: () => 'exsim01',
    InternalMailboxServer: () => `exsim01.${sim.directory.dnsDomain}`,
    UserDeploymentId: (s) => s,
  };
  let responses = '';
  for (const u of users) {
    const smtp = child(u, NS_AD, 'Mailbox')?.text.trim() ?? '';
    const account = sim.directory.findMailbox(smtp);
    if (!account) {
      responses += `<UserResponse><ErrorCode>InvalidUser</ErrorCode><ErrorMessage>Invalid user: '${escapeText(smtp)}'</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors/><UserSettings/></UserResponse>`;
      continue;
    }
    let settings = '';
    let errors = '';
    for (const name of wanted) {
      const fn = values[name];
      if (fn)
        settings += `<UserSetting i:type="StringSetting"><Name>${escapeText(name)}</Name><Value>${escapeText(fn(account.smtp!, account.displayName))}</Value></UserSetting>`;
      else
        errors += `<UserSettingError><ErrorCode>SettingIsNotAvailable</ErrorCode><ErrorMessage>User setting '${escapeText(name)}' is not available.</ErrorMessage><SettingName>${escapeText(name)}</SettingName></UserSettingError>`;
    }
    responses += `<UserResponse><ErrorCode>NoError</ErrorCode><ErrorMessage>No error.</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors>${errors}</UserSettingErrors><UserSettings>${settings}</UserSettings></UserResponse>`;
  }
  const xml =
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS_SOAP}" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>` +
    `<a:Action s:mustUnderstand="1">http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse</a:Action>` +
    `<h:ServerVersionInfo xmlns:h="${NS_AD}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><h:MajorVersion>15</h:MajorVersion><h:MinorVersion>${SERVER_VERSION_INFO[sim.serverVersion].minorVersion}</h:MinorVersion><h:MajorBuildNumber>${SERVER_VERSION_INFO[sim.serverVersion].majorBuildNumber}</h:MajorBuildNumber><h:MinorBuildNumber>${SERVER_VERSION_INFO[sim.serverVersion].minorBuildNumber}</h:MinorBuildNumber><h:Version>Exchange2013_SP1</h:Version></h:ServerVersionInfo>` +
    `</s:Header><s:Body><GetUserSettingsResponseMessage xmlns="${NS_AD}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ErrorCode>NoError</ErrorCode><ErrorMessage/><UserResponses>${responses}</UserResponses></Response></GetUserSettingsResponseMessage></s:Body></s:Envelope>`;
  return { status: 200, xml };
}
