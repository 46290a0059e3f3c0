// RTCConfiguration (webrtc-pc §4.2.1) as the constructor and setConfiguration() check it: the
// WebIDL conversions (enums and [EnforceRange] octet throw TypeError, a server without `urls`
// too) and the spec's "set a configuration" / "validate an ICE server" steps. URLs are parsed by the
// core's one parser (native/ice/ice_server_url.h), passed in as `validateUrl` so this file needs
// no wasm of its own.
import { domError } from './errors.js';
import { RTCCertificate } from './rtc_certificate.js';

const ICE_TRANSPORT_POLICIES = ['all', 'relay'];
const BUNDLE_POLICIES = ['balanced', 'max-compat', 'max-bundle'];
const RTCP_MUX_POLICIES = ['require'];

function enumValue(value, allowed, fallback, name) {
  if (value === undefined) return fallback;
  const text = String(value);
  if (!allowed.includes(text)) {
    throw new TypeError(`RTCConfiguration.${name}: '${text}' is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return text;
}

// [EnforceRange] octet: NaN, infinities and values outside 0..255 throw.
function octet(value, name) {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`RTCConfiguration.${name}: not a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > 255) throw new TypeError(`RTCConfiguration.${name}: ${t} is outside 0..255`);
  return t;
}

const optionalString = (value) => (value === undefined || value === null ? undefined : String(value));

// One RTCIceServer: the dictionary as the application gave it (for getConfiguration) and its
// parsed URLs (for gathering). "validate an ICE server" (webrtc-pc §4.4.1.3 step 4).
function iceServer(server, validateUrl) {
  if (server === null || typeof server !== 'object') throw new TypeError('RTCConfiguration.iceServers: an entry is not an object');
  if (server.urls === undefined) throw new TypeError('RTCIceServer: urls is required');
  const urls = typeof server.urls === 'string' ? [server.urls] : Array.from(server.urls, String);
  if (urls.length === 0) throw domError('SyntaxError', 'RTCIceServer: urls is empty');
  const username = optionalString(server.username);
  const credential = optionalString(server.credential);
  const parsed = urls.map((url) => {
    const result = validateUrl(url, username ?? null, credential ?? null);
    if (result.error) {
      const name = result.error.code === 'InvalidAccess' ? 'InvalidAccessError' : 'SyntaxError';
      throw domError(name, `RTCIceServer '${url}': ${result.error.message}`);
    }
    return { ...result, url };
  });
  const dictionary = { urls: typeof server.urls === 'string' ? server.urls : [...urls] };
  if (username !== undefined) dictionary.username = username;
  if (credential !== undefined) dictionary.credential = credential;
  return { dictionary, parsed, username: username ?? '', credential: credential ?? '' };
}

/**
 * Checks and converts an RTCConfiguration. Returns {iceServers: [{dictionary, parsed, username,
 * credential}], iceTransportPolicy, bundlePolicy, rtcpMuxPolicy, certificates, iceCandidatePoolSize}.
 * Throws TypeError, SyntaxError or InvalidAccessError as the spec names them.
 */
export function normalizeConfiguration(configuration, validateUrl) {
  if (configuration === undefined || configuration === null) configuration = {};
  if (typeof configuration !== 'object') throw new TypeError('RTCConfiguration: not an object');
  const certificates = configuration.certificates === undefined ? [] : Array.from(configuration.certificates);
  for (const c of certificates) {
    if (!(c instanceof RTCCertificate)) throw new TypeError('RTCConfiguration.certificates: not an RTCCertificate');
    if (c.expires <= Date.now()) throw domError('InvalidAccessError', 'RTCConfiguration.certificates: expired');
  }
  const servers = configuration.iceServers === undefined ? [] : Array.from(configuration.iceServers);
  return {
    iceServers: servers.map((s) => iceServer(s, validateUrl)),
    iceTransportPolicy: enumValue(configuration.iceTransportPolicy, ICE_TRANSPORT_POLICIES, 'all', 'iceTransportPolicy'),
    bundlePolicy: enumValue(configuration.bundlePolicy, BUNDLE_POLICIES, 'balanced', 'bundlePolicy'),
    rtcpMuxPolicy: enumValue(configuration.rtcpMuxPolicy, RTCP_MUX_POLICIES, 'require', 'rtcpMuxPolicy'),
    certificates,
    iceCandidatePoolSize: octet(configuration.iceCandidatePoolSize, 'iceCandidatePoolSize'),
  };
}

/** What getConfiguration() returns: fresh copies of the dictionaries the application gave. */
export function configurationView(c) {
  return {
    iceServers: c.iceServers.map(({ dictionary }) => ({
      ...dictionary, urls: Array.isArray(dictionary.urls) ? [...dictionary.urls] : dictionary.urls,
    })),
    iceTransportPolicy: c.iceTransportPolicy,
    bundlePolicy: c.bundlePolicy,
    rtcpMuxPolicy: c.rtcpMuxPolicy,
    certificates: [...c.certificates],
    iceCandidatePoolSize: c.iceCandidatePoolSize,
  };
}

/**
 * setConfiguration's checks against the current configuration (webrtc-pc §4.4.1.3 "set a
 * configuration" steps 2-5): what cannot change throws InvalidModificationError.
 */
export function checkReconfiguration(previous, next, { certificatesGiven, localDescriptionSet }) {
  if (certificatesGiven && (next.certificates.length !== previous.certificates.length ||
      next.certificates.some((c, i) => c !== previous.certificates[i]))) {
    throw domError('InvalidModificationError', 'setConfiguration: certificates cannot change');
  }
  if (next.bundlePolicy !== previous.bundlePolicy) {
    throw domError('InvalidModificationError', 'setConfiguration: bundlePolicy cannot change');
  }
  if (next.rtcpMuxPolicy !== previous.rtcpMuxPolicy) {
    throw domError('InvalidModificationError', 'setConfiguration: rtcpMuxPolicy cannot change');
  }
  if (localDescriptionSet && next.iceCandidatePoolSize !== previous.iceCandidatePoolSize) {
    throw domError('InvalidModificationError', 'setConfiguration: iceCandidatePoolSize cannot change after setLocalDescription');
  }
}
