// PeerConnection::stats(): the W3C RTCStatsReport entries (webrtc-stats §3) wasmrtc can fill today.
#include <cstdio>

#include "peer/candidate_pair_stats.h"
#include "peer/peer_connection.h"

namespace wasmrtc::peer {
namespace {

std::string base64(const Bytes& data) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    for (int k = 18; k >= 0; k -= 6) out += table[(v >> k) & 63];
  }
  if (i + 1 == data.size()) {
    uint32_t v = data[i] << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == data.size()) {
    uint32_t v = (data[i] << 16) | (data[i + 1] << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string candidate_id(const char* prefix, const ice::Candidate& c) {
  return std::string(prefix) + c.foundation + "_" + c.address.to_string();
}

StatsEntry candidate_entry(const char* type, const std::string& id, const ice::Candidate& c) {
  StatsEntry e{id, type, {}};
  e.set("transportId", std::string("T01"));
  e.set("address", c.has_hostname() ? c.hostname : c.address.ip().to_string());
  e.set("port", static_cast<double>(c.address.port()));
  e.set("protocol", std::string(ice::transport_name(c.protocol)));
  e.set("candidateType", std::string(ice::candidate_type_name(c.type)));
  e.set("priority", static_cast<double>(c.priority));
  e.set("foundation", c.foundation);
  if (!c.ufrag.empty()) e.set("usernameFragment", c.ufrag);
  return e;
}

std::string_view channel_state_name(datachannel::DataChannelState s) {
  switch (s) {
    case datachannel::DataChannelState::kConnecting: return "connecting";
    case datachannel::DataChannelState::kOpen: return "open";
    case datachannel::DataChannelState::kClosing: return "closing";
    case datachannel::DataChannelState::kClosed: return "closed";
  }
  return "closed";
}

}  // namespace

PeerConnectionStats PeerConnection::stats(Timestamp now) const {
  PeerConnectionStats report;
  report.timestamp_us = now.micros();

  StatsEntry pc{"P", "peer-connection", {}};
  pc.set("dataChannelsOpened", static_cast<double>(counters_.data_channels_opened));
  pc.set("dataChannelsClosed", static_cast<double>(counters_.data_channels_closed));
  report.entries.push_back(std::move(pc));

  for (const auto& [id, params] : counters_.channel_parameters) {
    StatsEntry d{"D" + std::to_string(id), "data-channel", {}};
    d.set("label", params.label);
    d.set("protocol", params.protocol);
    if (auto stream = channels_.stream_id(id)) d.set("dataChannelIdentifier", static_cast<double>(*stream));
    d.set("state", std::string(channel_state_name(channels_.state(id))));
    auto it = counters_.channels.find(id);
    const ChannelCounters c = it == counters_.channels.end() ? ChannelCounters{} : it->second;
    d.set("messagesSent", static_cast<double>(c.messages_sent));
    d.set("bytesSent", static_cast<double>(c.bytes_sent));
    d.set("messagesReceived", static_cast<double>(c.messages_received));
    d.set("bytesReceived", static_cast<double>(c.bytes_received));
    report.entries.push_back(std::move(d));
  }

  const auto local_fp = certificate_->fingerprint(crypto::HashAlgorithm::kSha256);
  StatsEntry local_cert{"CF" + local_fp.w3c_value(), "certificate", {}};
  local_cert.set("fingerprint", local_fp.w3c_value());
  local_cert.set("fingerprintAlgorithm", std::string("sha-256"));
  local_cert.set("base64Certificate", base64(certificate_->der()));
  const std::string local_cert_id = local_cert.id;
  report.entries.push_back(std::move(local_cert));
  std::string remote_cert_id;
  if (!remote_certificate_der_.empty()) {
    const auto fp = crypto::compute_fingerprint(crypto::HashAlgorithm::kSha256, remote_certificate_der_);
    StatsEntry remote_cert{"CF" + fp.w3c_value(), "certificate", {}};
    remote_cert.set("fingerprint", fp.w3c_value());
    remote_cert.set("fingerprintAlgorithm", std::string("sha-256"));
    remote_cert.set("base64Certificate", base64(remote_certificate_der_));
    remote_cert_id = remote_cert.id;
    report.entries.push_back(std::move(remote_cert));
  }

  StatsEntry transport{"T01", "transport", {}};
  if (dtls_) {
    const auto& s = dtls_->stats();
    transport.set("bytesSent", static_cast<double>(s.bytes_sent));
    transport.set("bytesReceived", static_cast<double>(s.bytes_received));
    transport.set("packetsSent", static_cast<double>(s.datagrams_sent));
    transport.set("packetsReceived", static_cast<double>(s.datagrams_received));
    transport.set("dtlsState", std::string(dtls::dtls_state_name(dtls_->state())));
    transport.set("dtlsRole", std::string(dtls_->role() == dtls::Role::kClient ? "client" : "server"));
  } else {
    transport.set("dtlsState", std::string("new"));
    transport.set("dtlsRole", std::string("unknown"));
  }
  if (!dtls_cipher_.empty()) transport.set("dtlsCipher", dtls_cipher_);
  transport.set("iceRole", std::string(ice::to_string(agent_.role())));
  transport.set("iceState", std::string(ice::to_string(agent_.state())));
  transport.set("localCertificateId", local_cert_id);
  if (!remote_cert_id.empty()) transport.set("remoteCertificateId", remote_cert_id);
  transport.set("iceLocalUsernameFragment", local_credentials_.ufrag);

  std::set<std::string> seen;
  for (const auto& c : agent_.local_candidates()) {
    auto id = candidate_id("I", c);
    if (seen.insert(id).second) report.entries.push_back(candidate_entry("local-candidate", id, c));
  }
  for (const auto& c : agent_.remote_candidates()) {
    auto id = candidate_id("R", c);
    if (seen.insert(id).second) report.entries.push_back(candidate_entry("remote-candidate", id, c));
  }
  if (auto pair = agent_.active_pair()) {
    const auto local_id = candidate_id("I", pair->local);
    const auto remote_id = candidate_id("R", pair->remote);
    if (seen.insert(local_id).second) report.entries.push_back(candidate_entry("local-candidate", local_id, pair->local));
    if (seen.insert(remote_id).second) {
      report.entries.push_back(candidate_entry("remote-candidate", remote_id, pair->remote));
    }
    StatsEntry cp{"CP" + local_id + "-" + remote_id, "candidate-pair", {}};
    cp.set("transportId", std::string("T01"));
    cp.set("localCandidateId", local_id);
    cp.set("remoteCandidateId", remote_id);
    cp.set("state", std::string(ice::to_string(pair->state)));
    cp.set("nominated", pair->nominated);
    if (dtls_) {
      cp.set("bytesSent", static_cast<double>(dtls_->stats().bytes_sent));
      cp.set("bytesReceived", static_cast<double>(dtls_->stats().bytes_received));
    }
    add_check_stats(cp, pair->checks);
    if (sctp_ && !sctp_lost_) {
      const auto& s = sctp_->stats();
      if (auto bitrate = available_outgoing_bitrate(s.cwnd, s.srtt_us)) cp.set("availableOutgoingBitrate", *bitrate);
    }
    transport.set("selectedCandidatePairId", cp.id);
    report.entries.push_back(std::move(cp));
  }
  report.entries.push_back(std::move(transport));
  return report;
}

}  // namespace wasmrtc::peer
