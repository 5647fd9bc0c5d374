import { failures, gateUrlOf, part, type CheckDefinition, type CheckFailure } from './finding';
import { isGateUrl, isInsecureUrl, redactUrl } from './url-rules';

const TRUNKS_CONSOLE = 'https://console.twilio.com/us1/develop/voice/manage/trunks';
const DOMAINS_CONSOLE = 'https://console.twilio.com/us1/develop/voice/manage/sip-domains';

/** Widest ACL entry accepted: a /24 or narrower. */
export const NARROWEST_SAFE_PREFIX = 24;

const trunk = (sid: string, evidence: Record<string, unknown>): CheckFailure => ({ resource: { type: 'trunk', sid }, evidence });

/** Elastic SIP Trunk and SIP Domain checks (trunk traffic never passes through the gate). */
export const SIP_CHECKS: CheckDefinition[] = [
  {
    id: 'SIP-CREDONLY',
    title: 'A trunk authenticates with credentials but no IP ACL',
    severity: 'high',
    reads: 'trunking ListTrunk, trunk IP ACL and credential list associations',
    fix: { text: 'Add an IP ACL with your PBX addresses beside the credentials (the guide: use IP whitelisting with SIP credentials).', harden: null, console: TRUNKS_CONSOLE },
    run: (account) => failures(part(account.trunks).filter((t) => t.credentialListSids.length > 0 && t.aclSids.length === 0).map((t) => trunk(t.sid, { credentialLists: t.credentialListSids.length, ipAcls: 0 }))),
  },
  {
    id: 'SIP-WIDE-ACL',
    title: 'An IP ACL entry admits a range wider than /24',
    severity: 'critical',
    reads: 'api ListSipIpAddress per IP access control list',
    fix: { text: 'Replace the entry with the exact addresses of your PBX or carrier.', harden: null, console: TRUNKS_CONSOLE },
    run: (account) =>
      failures(
        Object.entries(part(account.aclEntries)).flatMap(([aclSid, entries]) =>
          entries
            .filter((e) => e.cidrPrefixLength < NARROWEST_SAFE_PREFIX || e.ipAddress === '0.0.0.0')
            .map((e) => ({ resource: { type: 'ip-acl' as const, sid: aclSid }, evidence: { entrySid: e.sid, range: `${e.ipAddress}/${e.cidrPrefixLength}` } })),
        ),
      ),
  },
  {
    id: 'SIP-INSECURE',
    title: 'A trunk or SIP domain does not require TLS and SRTP',
    severity: 'medium',
    reads: 'trunking ListTrunk and api ListSipDomain (secure)',
    fix: { text: 'Enable Secure once the PBX speaks TLS (enabling it first breaks calls: 32207/32208).', harden: null, console: TRUNKS_CONSOLE },
    run: (account) =>
      failures([
        ...part(account.trunks).filter((t) => !t.secure).map((t) => trunk(t.sid, { secure: false })),
        ...part(account.domains).filter((d) => !d.secure).map((d) => ({ resource: { type: 'sip-domain' as const, sid: d.sid }, evidence: { domain: d.domainName, secure: false } })),
      ]),
  },
  {
    id: 'SIP-TRANSFER',
    title: 'A trunk allows every kind of call transfer',
    severity: 'medium',
    reads: 'trunking ListTrunk (transfer_mode)',
    fix: { text: 'Set TransferMode to disable-all (or sip-only) unless transfers to the PSTN are needed (guarded).', harden: 'sip.transfer', console: TRUNKS_CONSOLE },
    run: (account) => failures(part(account.trunks).filter((t) => t.transferMode === 'enable-all').map((t) => trunk(t.sid, { transferMode: t.transferMode }))),
  },
  {
    id: 'SIP-SYMRTP',
    title: 'A trunk has symmetric RTP on',
    severity: 'low',
    reads: 'trunking ListTrunk (symmetric_rtp_enabled)',
    fix: { text: 'Switch symmetric RTP off in the console (the API has no field for it).', harden: null, console: TRUNKS_CONSOLE },
    run: (account) => failures(part(account.trunks).filter((t) => t.symmetricRtpEnabled).map((t) => trunk(t.sid, { symmetricRtpEnabled: true }))),
  },
  {
    id: 'SIP-DR-HTTP',
    title: "A trunk's disaster-recovery URL uses http or points outside the gate",
    severity: 'medium',
    reads: 'trunking ListTrunk (disaster_recovery_url)',
    fix: { text: 'Point the disaster-recovery URL at an https handler you control, or remove it.', harden: null, console: TRUNKS_CONSOLE },
    run: (account, context) => {
      const gateUrl = gateUrlOf(context);
      return failures(
        part(account.trunks)
          .filter((t) => t.disasterRecoveryUrl !== null && (isInsecureUrl(t.disasterRecoveryUrl) || !isGateUrl(t.disasterRecoveryUrl, gateUrl)))
          .map((t) => trunk(t.sid, { disasterRecoveryUrl: redactUrl(t.disasterRecoveryUrl as string) })),
      );
    },
  },
  {
    id: 'SIP-DOMAIN-REG',
    title: 'A SIP domain accepts registrations with credentials only',
    severity: 'medium',
    reads: 'api ListSipDomain and its mappings',
    fix: { text: 'Map an IP ACL to the domain, or switch registration off if no phone registers.', harden: null, console: DOMAINS_CONSOLE },
    run: (account) =>
      failures(
        part(account.domains)
          .filter((d) => d.sipRegistration && d.credentialListSids.length > 0 && d.aclSids.length === 0)
          .map((d) => ({ resource: { type: 'sip-domain', sid: d.sid }, evidence: { domain: d.domainName, sipRegistration: true, ipAcls: 0 } })),
      ),
  },
];
