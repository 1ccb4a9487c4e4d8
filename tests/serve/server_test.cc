// kg serve in-process: routes, status codes, headers, Host and method
// checks, traversal attempts, and /api answers byte for byte equal to the
// commands' own JSON.
#include <atomic>
#include <cctype>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "serve_test_util.h"

using kg::serve_test::Kg;
using kg::serve_test::TempDir;
using kg::serve_test::ServedSeed;

namespace {

std::string Header(const httplib::Result& r, const char* name) { return r ? r->get_header_value(name) : ""; }

// What decodeURIComponent makes of a header value (%XX escapes only).
std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("ApiCommand maps parameters to flags and arguments, whitelisted", "[serve]") {
  std::vector<std::string> args;
  std::multimap<std::string, std::string> p = {{"node", "FAMa"}, {"depth", "2"}, {"type", "STRUCK"}};
  KG_REQUIRE_OK(kg::serve::ApiCommand("neighbors", p, "/d", &args));
  CHECK(args == std::vector<std::string>{"--db", "/d", "neighbors", "--format", "json", "--depth=2", "--type=STRUCK",
                                         "--", "FAMa"});
  CHECK(kg::serve::ApiCommand("neighbors", {{"node", "x"}, {"db", "/etc"}}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("neighbors", {{"node", "x"}, {"format", "table"}}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("neighbors", {{"node", "x"}, {"node", "y"}}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("neighbors", {{"node", "x"}, {"depth", "4"}}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("neighbors", {{"node", "x"}, {"depth", "0"}}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("neighbors", {}, "/d", &args).IsInvalidArgument());
  CHECK(kg::serve::ApiCommand("ingest", {{"node", "x"}}, "/d", &args).IsNotFound());
  KG_REQUIRE_OK(kg::serve::ApiCommand("path", {{"to", "b"}, {"from", "a"}, {"all", "1"}}, "/d", &args));
  CHECK(args == std::vector<std::string>{"--db", "/d", "path", "--format", "json", "--all", "--", "a", "b"});
}

TEST_CASE("HostAllowed accepts the bound address only", "[serve]") {
  using kg::serve::HostAllowed;
  CHECK(HostAllowed("127.0.0.1:8642", "127.0.0.1", 8642));
  CHECK(HostAllowed("localhost:8642", "127.0.0.1", 8642));
  CHECK_FALSE(HostAllowed("127.0.0.1:8643", "127.0.0.1", 8642));
  CHECK_FALSE(HostAllowed("127.0.0.1", "127.0.0.1", 8642));
  CHECK_FALSE(HostAllowed("evil.example:8642", "127.0.0.1", 8642));
  CHECK_FALSE(HostAllowed("", "127.0.0.1", 8642));
  CHECK(HostAllowed("[::1]:80", "::1", 80));
  CHECK(HostAllowed("10.0.0.5:80", "0.0.0.0", 80));
  CHECK_FALSE(HostAllowed("rebind.example:80", "0.0.0.0", 80));
  CHECK_FALSE(HostAllowed("localhost:80", "10.0.0.5", 80));
}

TEST_CASE("TileOrigin takes http(s) URL templates only", "[serve]") {
  std::string origin;
  KG_REQUIRE_OK(kg::serve::TileOrigin("https://tile.openstreetmap.org/{z}/{x}/{y}.png", &origin));
  CHECK(origin == "https://tile.openstreetmap.org");
  CHECK(kg::serve::TileOrigin("javascript:alert(1)", &origin).IsInvalidArgument());
  CHECK(kg::serve::TileOrigin("https://a.example/x; script-src *", &origin).IsInvalidArgument());
  CHECK(kg::serve::TileOrigin("https://{s}.example/{z}", &origin).IsInvalidArgument());
}

TEST_CASE("kg serve serves its pages with security headers", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  auto page = c.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(Header(page, "Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("<script src=\"/app.js\"") != std::string::npos);
  std::string csp = Header(page, "Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("script-src 'self';") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(Header(page, "X-Content-Type-Options") == "nosniff");
  for (const char* path : {"/app.js", "/app.css", "/leaflet/leaflet.js", "/leaflet/leaflet.css"}) {
    auto r = c.Get(path);
    REQUIRE(r);
    INFO(path);
    CHECK(r->status == 200);
    CHECK(!r->body.empty());
    CHECK(Header(r, "X-Content-Type-Options") == "nosniff");
  }
  CHECK(Header(c.Get("/app.js"), "Content-Type") == "text/javascript; charset=utf-8");
  CHECK(Header(c.Get("/app.css"), "Content-Type") == "text/css; charset=utf-8");
}

TEST_CASE("kg serve reaches no path outside its own files", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  for (const char* path : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                           "/etc/passwd", "//etc/passwd", "/leaflet/../../../../etc/passwd",
                           "/leaflet/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/app.js/..", "/appXjs", "/index.html",
                           "/leaflet/images/marker-icon.png", "/api/../app.js/../../etc/passwd", "/kg.db/CURRENT",
                           "/api/", "/api/export", "/api/ingest"}) {
    auto r = c.Get(path);
    INFO(path);
    REQUIRE(r);
    CHECK((r->status == 404 || r->status == 400));
    CHECK(r->body.find("root:") == std::string::npos);
    CHECK(r->body.find("MANIFEST") == std::string::npos);
  }
}

TEST_CASE("kg serve answers GET and HEAD only", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  auto post = c.Post("/api/show?node=FAMa", "x=1", "application/x-www-form-urlencoded");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(Header(post, "Allow") == "GET, HEAD");
  auto put = c.Put("/", "x", "text/plain");
  REQUIRE(put);
  CHECK(put->status == 405);
  auto del = c.Delete("/api/show?node=FAMa");
  REQUIRE(del);
  CHECK(del->status == 405);
  auto options = c.Options("/");
  REQUIRE(options);
  CHECK(options->status == 405);
  auto head = c.Head("/api/show?node=FAMa");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(Header(head, "Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("kg serve rejects requests addressed to another host", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  std::string port = std::to_string(served.port());
  for (const std::string& host : std::vector<std::string>{"evil.example:" + port, "evil.example", "127.0.0.1:1", "127.0.0.1.nip.io:" + port}) {
    auto r = c.Get("/api/show?node=FAMa", {{"Host", host}});
    INFO(host);
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("fama") == std::string::npos);
  }
  auto ok = c.Get("/api/show?node=FAMa", {{"Host", "localhost:" + port}});
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("kg serve /api answers are the commands' JSON, byte for byte", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  struct Case {
    std::string url;
    std::vector<std::string> command;
    int status;
  };
  const std::string db = served.db();
  std::vector<Case> cases = {
      {"/api/show?node=FAMa", {"show", "FAMa"}, 200},
      {"/api/search?text=ba", {"search", "ba"}, 200},
      {"/api/search?text=zzzzqqq", {"search", "zzzzqqq"}, 404},
      {"/api/neighbors?node=Bandiagara&depth=2", {"neighbors", "Bandiagara", "--depth", "2"}, 200},
      {"/api/neighbors?node=FAMa&type=STRUCK&direction=out", {"neighbors", "FAMa", "--type", "STRUCK", "--direction", "out"}, 200},
      {"/api/path?from=FAMa&to=Tombouctou", {"path", "FAMa", "Tombouctou"}, 200},
      {"/api/timeline?node=FAMa&since=2025-06", {"timeline", "FAMa", "--since", "2025-06"}, 200},
      {"/api/active?region=Tombouctou", {"active", "Tombouctou"}, 200},
      {"/api/active?region=Tombouctou&until=1999", {"active", "Tombouctou", "--until", "1999"}, 404},
  };
  for (const auto& k : cases) {
    INFO(k.url);
    std::vector<std::string> args = {"--db", db};
    args.insert(args.end(), k.command.begin(), k.command.end());
    args.insert(args.end(), {"--format", "json"});
    auto cli = Kg(args);
    auto r = c.Get(k.url);
    REQUIRE(r);
    CHECK(r->status == k.status);
    CHECK(kg::serve::HttpStatusForExit(cli.code) == k.status);
    CHECK(r->body == cli.out);
    CHECK(!r->body.empty());
    CHECK(Header(r, "Content-Type") == "application/json; charset=utf-8");
  }
  // Bad input: 400 with the command's error line.
  for (const char* url : {"/api/neighbors?node=Timbuctu", "/api/neighbors?node=FAMa&depth=4",
                          "/api/neighbors?node=FAMa&direction=sideways", "/api/neighbors?node=FAMa&db=/etc",
                          "/api/neighbors?node=FAMa&node=JNIM", "/api/show", "/api/show?node=--db=/etc",
                          "/api/show?node=--help", "/api/neighbors?node=FAMa&type=--help"}) {
    INFO(url);
    auto r = c.Get(url);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(!Header(r, "X-Kg-Error").empty());
  }
}

TEST_CASE("kg serve /api/search carries the did-you-mean of a search that matches nothing", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  struct Case {
    std::string url;
    std::vector<std::string> command;
    std::string error;  // the command's line on stderr
  };
  for (const Case& k : std::vector<Case>{
           {"/api/search?text=Fmaa", {"search", "Fmaa"},
            "kg: no node matches \"Fmaa\" (did you mean \"Forces armées maliennes\"?)"},
           {"/api/search?text=Ouagadougou", {"search", "Ouagadougou"}, "kg: no node matches \"Ouagadougou\""},
           {"/api/search?text=Timbuctu&kind=actor", {"search", "Timbuctu", "--kind", "actor"},
            "kg: no actor matches \"Timbuctu\""}}) {
    INFO(k.url);
    std::vector<std::string> args = {"--db", served.db()};
    args.insert(args.end(), k.command.begin(), k.command.end());
    args.insert(args.end(), {"--format", "json"});
    auto cli = Kg(args);
    CHECK(cli.code == 1);
    CHECK(cli.err == k.error + "\n");
    auto r = c.Get(k.url);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body == cli.out);  // the command's empty answer, byte for byte
    CHECK(Header(r, "Content-Type") == "application/json; charset=utf-8");
    CHECK(PercentDecode(Header(r, "X-Kg-Error")) == k.error);
  }
  // A search that finds something carries no error.
  auto found = c.Get("/api/search?text=fama");
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(Header(found, "X-Kg-Error").empty());
}

TEST_CASE("kg serve draws a neighborhood as SVG and lists sources", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  auto svg = c.Get("/api/graph?node=FAMa&depth=2");
  REQUIRE(svg);
  if (svg->status == 500 && Header(svg, "X-Kg-Error").find("dot") != std::string::npos) {
    WARN("Graphviz dot is not installed: the drawing is not tested");
  } else {
    CHECK(svg->status == 200);
    CHECK(Header(svg, "Content-Type") == "image/svg+xml; charset=utf-8");
    CHECK(svg->body.find("<svg") != std::string::npos);
    CHECK(svg->body.find("<title>fama</title>") != std::string::npos);
  }
  CHECK(c.Get("/api/graph?node=FAMa&depth=9")->status == 400);
  CHECK(c.Get("/api/graph?node=Nowhere-at-all")->status == 400);
  auto sources = c.Get("/api/sources?node=FAMa");
  REQUIRE(sources);
  CHECK(sources->status == 200);
  CHECK(sources->body.find("\"url\":\"https://example.org/mali/") != std::string::npos);
  auto places = c.Get("/api/places?node=Bandiagara");
  REQUIRE(places);
  CHECK(places->status == 200);
  CHECK(places->body.find("\"FeatureCollection\"") != std::string::npos);
}

TEST_CASE("kg serve sees later ingests without a restart", "[serve]") {
  ServedSeed served;
  auto c = served.client();
  CHECK(c.Get("/api/show?node=Ouagadougou-test")->status == 400);
  TempDir extra;
  std::string file = extra.Write("later.jsonl",
                                 R"({"record": "later-1", "nodes": [{"id": "Ouagadougou-test", "kind": "location"}],)"
                                 R"( "edges": [{"from": "FAMa", "type": "OPERATES_IN", "to": "Ouagadougou-test"}]})"
                                 "\n");
  // The server holds no lock: the writer opens the store while it serves.
  auto ingest = Kg({"--db", served.db(), "ingest", file});
  REQUIRE(ingest.code == 0);
  auto r = c.Get("/api/show?node=Ouagadougou-test");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == Kg({"--db", served.db(), "show", "Ouagadougou-test", "--format", "json"}).out);
}

TEST_CASE("kg serve answers requests from several threads at once", "[serve]") {
  ServedSeed served;
  const std::string expected = Kg({"--db", served.db(), "neighbors", "Bandiagara", "--depth", "2", "--format", "json"}).out;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      auto c = served.client();
      for (int i = 0; i < 5; ++i) {
        auto r = c.Get("/api/neighbors?node=Bandiagara&depth=2");
        if (r && r->status == 200 && r->body == expected) ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(good == 30);
}
