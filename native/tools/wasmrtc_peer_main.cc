// wasmrtc-peer: one native PeerConnection (tools::PeerConnectionDriver) on real UDP sockets that
// signals with JSON lines — its own on stdout, commands and the peer's signals on stdin — for
// manual interop and for the interop tests (tests/js/interop), which pair it with libwebrtc,
// libdatachannel and werift. By default it echoes every message back on the channel it came in.
//
//   wasmrtc-peer --offer [--channel chat] [--channel lossy,unordered,maxRetransmits=0]
//   wasmrtc-peer --answer
//   wasmrtc-peer --offer --signal ws://127.0.0.1:8080/room1   (and --answer --signal the same URL)
//
// stdout: {"type":"offer"|"answer","sdp"}, {"type":"candidate","candidate","sdpMid","sdpMLineIndex"}
//   (candidate "" = end of candidates), {"type":"connectionState","state"}, {"type":"open","label",
//   "id"}, {"type":"message","label","binary","size"}, {"type":"closed","label"},
//   {"type":"error","message"}.
// stdin: {"type":"offer"|"answer","sdp"}, {"type":"candidate",...}, {"type":"createDataChannel",
//   "label","ordered","maxRetransmits","maxPacketLifeTime","protocol"}, {"type":"send","label",
//   "text"|"base64"}, {"type":"restartIce"}, {"type":"close"}. End of stdin closes and exits.
// --signal ws://HOST:PORT/PATH: the signals (offer, answer, candidate) also go out as WebSocket
//   text messages, one JSON object each, and the offer, answer, pranswer and candidate messages
//   that arrive there are applied like the same lines on stdin (anything else arriving there is
//   ignored, so two peers never bounce errors at each other). stdout and stdin work as above;
//   when the WebSocket ends, {"type":"signalClosed","reason"} is printed and the peer carries on;
//   when it cannot be reached at all, an error line is printed and the program exits 1.
#include <openssl/evp.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "host/event_loop.h"
#include "tools/debug_log_env.h"
#include "tools/peer_connection_driver.h"
#include "tools/websocket_signal_client.h"

using nlohmann::json;
using namespace wasmrtc;

namespace {

std::string base64_encode(ByteView data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), static_cast<int>(data.size()));
  out.resize(n);
  return out;
}

std::optional<Bytes> base64_decode(const std::string& text) {
  if (text.size() % 4 != 0) return std::nullopt;
  Bytes out(3 * text.size() / 4);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

void emit(const json& j) {
  std::cout << j.dump() << '\n';
  std::cout.flush();
}

// "label[,unordered][,maxRetransmits=N][,maxPacketLifeTime=N][,protocol=P]"
datachannel::DataChannelParameters parse_channel_flag(const std::string& spec) {
  datachannel::DataChannelParameters p;
  size_t start = 0;
  bool first = true;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    std::string part = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (first) {
      p.label = part;
      first = false;
    } else if (part == "unordered") {
      p.ordered = false;
    } else if (part.rfind("maxRetransmits=", 0) == 0) {
      p.max_retransmits = static_cast<uint16_t>(std::stoi(part.substr(15)));
    } else if (part.rfind("maxPacketLifeTime=", 0) == 0) {
      p.max_packet_life_time = static_cast<uint16_t>(std::stoi(part.substr(18)));
    } else if (part.rfind("protocol=", 0) == 0) {
      p.protocol = part.substr(9);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return p;
}

class PeerProgram {
 public:
  PeerProgram(host::EventLoop& loop, bool offerer, bool echo) : loop_(loop), offerer_(offerer), echo_(echo), input_(loop.context(), ::dup(0)) {}

  bool start(const std::vector<SocketAddress>& bind, const std::vector<datachannel::DataChannelParameters>& channels,
             const std::string& signal_url) {
    if (!signal_url.empty()) {
      auto client = tools::WebSocketSignalClient::connect(
          loop_, signal_url, [this](const std::string& text) { on_signal_message(text); },
          [this](const std::string& reason) { on_signal_closed(reason); });
      if (!client.ok()) {
        emit({{"type", "error"}, {"message", client.error().message}});
        return false;
      }
      signal_ = std::move(client.value());
    }
    auto driver = tools::PeerConnectionDriver::create(loop_, {}, bind, [this](const auto& e) { on_event(e); });
    if (!driver.ok()) {
      emit({{"type", "error"}, {"message", driver.error().message}});
      return false;
    }
    driver_ = std::move(driver.value());
    for (const auto& c : channels) create_channel(c);
    if (offerer_) {
      auto status = driver_->pc().set_local_description(driver_->now(), {peer::SdpType::kOffer, ""});
      if (!status.ok()) error(status.error().message);
      else send_signal({{"type", "offer"}, {"sdp", driver_->pc().local_description()->sdp}});
      driver_->flush();
    }
    read_line();
    return true;
  }
  bool done() const { return done_; }
  bool failed() const { return failed_; }

 private:
  void error(const std::string& message) { emit({{"type", "error"}, {"message", message}}); }

  // A signal for the peer: on stdout always, and over the WebSocket when there is one.
  void send_signal(const json& j) {
    emit(j);
    if (signal_) signal_->send(j.dump());
  }

  // A server that cannot be reached is an error (nothing can be signalled); one that goes away
  // later is not (the connection needs no signaling once it is up).
  void on_signal_closed(const std::string& reason) {
    if (signal_ && !signal_->was_open()) {
      error("signal: " + reason);
      failed_ = true;
      finish();
      return;
    }
    emit({{"type", "signalClosed"}, {"reason", reason}});
  }

  void on_signal_message(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    const std::string type = j.is_object() ? j.value("type", "") : "";
    if (type != "offer" && type != "answer" && type != "pranswer" && type != "candidate") {
      std::cerr << "wasmrtc-peer: ignored a WebSocket message that is no signal: " << text.substr(0, 80) << "\n";
      return;
    }
    if (!done_) handle_command(text);
  }

  void create_channel(const datachannel::DataChannelParameters& p) {
    auto id = driver_->pc().create_data_channel(driver_->now(), p);
    if (!id.ok()) return error("createDataChannel: " + id.error().message);
    labels_[id.value()] = p.label;
    driver_->flush();
  }

  void on_event(const peer::PeerConnectionEvent& event) {
    if (auto* c = std::get_if<peer::pc_event::IceCandidate>(&event)) {
      send_signal({{"type", "candidate"}, {"candidate", c->candidate}, {"sdpMid", c->mid}, {"sdpMLineIndex", c->mline_index}});
    } else if (auto* s = std::get_if<peer::pc_event::ConnectionStateChange>(&event)) {
      emit({{"type", "connectionState"}, {"state", std::string(peer::to_string(s->state))}});
    } else if (auto* dc = std::get_if<peer::pc_event::DataChannel>(&event)) {
      on_channel_event(dc->event);
    }
  }

  void on_channel_event(const datachannel::DataChannelEvent& event) {
    if (auto* a = std::get_if<datachannel::ChannelAnnounced>(&event)) {
      labels_[a->channel] = a->parameters.label;
    } else if (auto* o = std::get_if<datachannel::ChannelOpen>(&event)) {
      auto stream = driver_->pc().data_channels().stream_id(o->channel);
      emit({{"type", "open"}, {"label", labels_[o->channel]}, {"id", stream ? int(*stream) : -1}});
    } else if (auto* m = std::get_if<datachannel::ChannelMessage>(&event)) {
      emit({{"type", "message"}, {"label", labels_[m->channel]}, {"binary", m->binary}, {"size", m->data.size()}});
      if (echo_) {
        auto status = driver_->pc().send(driver_->now(), m->channel, m->data, m->binary);
        if (!status.ok()) error("echo: " + status.error().message);
      }
    } else if (auto* c = std::get_if<datachannel::ChannelClosed>(&event)) {
      emit({{"type", "closed"}, {"label", labels_[c->channel]}});
    } else if (auto* e = std::get_if<datachannel::ChannelError>(&event)) {
      error("channel " + labels_[e->channel] + ": " + e->error.message);
    }
  }

  void read_line() {
    boost::asio::async_read_until(input_, buffer_, '\n', [this](boost::system::error_code ec, size_t) {
      if (ec) return finish();  // end of stdin: close and exit
      std::istream stream(&buffer_);
      std::string line;
      std::getline(stream, line);
      if (!line.empty()) handle_command(line);
      if (!done_) read_line();
    });
  }

  void handle_command(const std::string& line) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return error("not a JSON object: " + line.substr(0, 80));
    const std::string type = j.value("type", "");
    auto& pc = driver_->pc();
    const Timestamp now = driver_->now();
    if (type == "offer" || type == "answer" || type == "pranswer") {
      auto status = pc.set_remote_description(now, {*peer::parse_sdp_type(type), j.value("sdp", "")});
      if (!status.ok()) {
        error("setRemoteDescription: " + status.error().message);
      } else if (type == "offer") {
        auto answer = pc.set_local_description(now, {peer::SdpType::kAnswer, ""});
        if (!answer.ok()) error("setLocalDescription: " + answer.error().message);
        else send_signal({{"type", "answer"}, {"sdp", pc.local_description()->sdp}});
      }
    } else if (type == "candidate") {
      std::optional<std::string> mid;
      std::optional<uint16_t> index;
      if (j.contains("sdpMid") && j["sdpMid"].is_string()) mid = j["sdpMid"].get<std::string>();
      if (j.contains("sdpMLineIndex") && j["sdpMLineIndex"].is_number()) index = j["sdpMLineIndex"].get<uint16_t>();
      if (!mid && !index) index = 0;
      auto status = pc.add_ice_candidate(now, j.value("candidate", ""), mid, index);
      if (!status.ok()) error("addIceCandidate: " + status.error().message);
    } else if (type == "createDataChannel") {
      datachannel::DataChannelParameters p;
      p.label = j.value("label", "");
      p.protocol = j.value("protocol", "");
      p.ordered = j.value("ordered", true);
      if (j.contains("maxRetransmits")) p.max_retransmits = j["maxRetransmits"].get<uint16_t>();
      if (j.contains("maxPacketLifeTime")) p.max_packet_life_time = j["maxPacketLifeTime"].get<uint16_t>();
      create_channel(p);
    } else if (type == "send") {
      datachannel::DataChannelId channel = 0;
      for (const auto& [id, label] : labels_) {
        if (label == j.value("label", "")) channel = id;
      }
      Bytes data;
      bool binary = j.contains("base64");
      if (binary) {
        auto decoded = base64_decode(j["base64"].get<std::string>());
        if (!decoded) return error("send: bad base64");
        data = *decoded;
      } else {
        const std::string text = j.value("text", "");
        data.assign(text.begin(), text.end());
      }
      auto status = pc.send(now, channel, data, binary);
      if (!status.ok()) error("send: " + status.error().message);
    } else if (type == "restartIce") {
      pc.restart_ice(now);
      auto status = pc.set_local_description(now, {peer::SdpType::kOffer, ""});
      if (!status.ok()) error("restartIce: " + status.error().message);
      else send_signal({{"type", "offer"}, {"sdp", pc.local_description()->sdp}});
    } else if (type == "close") {
      return finish();
    } else {
      error("unknown command " + type);
    }
    driver_->flush();
  }

  void finish() {
    if (done_) return;
    driver_->pc().close(driver_->now());
    driver_->flush();
    if (signal_) signal_->close();  // after what is queued
    done_ = true;
  }

  host::EventLoop& loop_;
  bool offerer_;
  bool echo_;
  boost::asio::posix::stream_descriptor input_;
  boost::asio::streambuf buffer_;
  std::unique_ptr<tools::PeerConnectionDriver> driver_;
  std::shared_ptr<tools::WebSocketSignalClient> signal_;
  std::map<datachannel::DataChannelId, std::string> labels_;
  bool done_ = false;
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // the other side may go away before our last line
  wasmrtc::tools::install_debug_log_from_env();
  bool offerer = false;
  bool echo = true;
  int timeout_s = 120;
  std::vector<SocketAddress> bind;
  std::string signal_url;
  std::vector<datachannel::DataChannelParameters> channels;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--offer") offerer = true;
    else if (arg == "--answer") offerer = false;
    else if (arg == "--no-echo") echo = false;
    else if (arg == "--signal" && i + 1 < argc) signal_url = argv[++i];
    else if (arg == "--channel" && i + 1 < argc) channels.push_back(parse_channel_flag(argv[++i]));
    else if (arg == "--bind" && i + 1 < argc) {
      auto address = SocketAddress::parse(std::string(argv[++i]) + ":0");
      if (!address) {
        std::cerr << "bad --bind address\n";
        return 2;
      }
      bind.push_back(*address);
    } else if (arg == "--timeout" && i + 1 < argc) timeout_s = std::stoi(argv[++i]);
    else {
      std::cerr << "usage: wasmrtc-peer --offer|--answer [--channel label[,unordered][,maxRetransmits=N]]"
                   " [--bind 127.0.0.1] [--no-echo] [--timeout seconds] [--signal ws://HOST:PORT/PATH]\n";
      return 2;
    }
  }
  if (bind.empty()) bind.push_back(*SocketAddress::parse("127.0.0.1:0"));
  if (offerer && channels.empty()) channels.push_back(parse_channel_flag("chat"));

  host::EventLoop loop;
  PeerProgram program(loop, offerer, echo);
  if (!program.start(bind, channels, signal_url)) return 1;
  const bool finished = loop.run_until([&] { return program.done(); }, std::chrono::seconds(timeout_s));
  loop.run_for(std::chrono::milliseconds(50));  // let the close reach the peer
  if (program.failed()) return 1;
  return finished ? 0 : 3;
}
