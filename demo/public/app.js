// Demo page: loads the wasm core through the npm package's own browser entry and shows a certificate
// fingerprint computed inside wasm.
import { generateCertificate } from '/js/index.js';
import { libraryVersions } from '/js/src/internal.js';

const $ = (id) => document.getElementById(id);

async function showCertificate() {
  $('regenerate').disabled = true;
  const start = performance.now();
  const certificate = await generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
  const elapsed = performance.now() - start;
  const [fingerprint] = certificate.getFingerprints();
  $('fingerprint').textContent = `${fingerprint.algorithm} ${fingerprint.value}`;
  $('expires').textContent = new Date(certificate.expires).toISOString();
  $('elapsed').textContent = `${elapsed.toFixed(1)} ms`;
  $('status').textContent = 'ready';
  $('regenerate').disabled = false;
}

try {
  await showCertificate();
  const versions = await libraryVersions();
  $('openssl').textContent = versions.openssl;
  $('opus').textContent = versions.opus;
  $('vpx').textContent = versions.vpx;
  $('regenerate').addEventListener('click', () => showCertificate().catch(fail));
} catch (err) {
  fail(err);
}

function fail(err) {
  $('status').textContent = `error: ${err.message}`;
  $('status').classList.add('error');
  console.error(err);
}
