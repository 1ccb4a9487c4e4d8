// kg serve's pages in a real browser: headless Debian chromium loads them
// from an in-process server over the seed plus hostile records, and the DOM
// it dumps is checked (names shown, links between node pages, the map's
// points, hostile text shown as text and never run). Skipped, with a
// warning, when chromium is not installed.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "serve_test_util.h"

using kg::serve_test::ReadFile;
using kg::serve_test::ServedSeed;
using kg::serve_test::TempDir;

namespace {

std::string FindChromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "";
}

// Runs chromium headless on url with one more flag (--dump-dom or
// --screenshot=...), a fresh profile, no network beyond the page; its stdout.
std::string Chromium(const std::string& chromium, const std::string& url, const std::string& action) {
  TempDir profile("kg_chromium");
  std::vector<std::string> argv_s = {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                     "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.path(),
                                     "--virtual-time-budget=8000", "--window-size=1280,1700", action, url};
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string out_path = profile.Path("stdout");
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (out_fd < 0 || null_fd < 0) throw std::runtime_error("cannot open chromium's output file");
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::dup2(out_fd, 1) < 0 || ::dup2(null_fd, 2) < 0) ::_exit(126);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(null_fd);
  // Bounded: a hung browser fails the test instead of stalling the suite.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw std::runtime_error("chromium did not finish within 60 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ReadFile(out_path);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const char* kHostile =
    R"J({"record": "hostile-1", "source": {"title": "<script>document.body.dataset.pwned=1</script>T\"itle",)J"
    R"J( "url": "javascript:document.body.dataset.pwned=2"},)J"
    R"J( "nodes": [{"id": "evil", "kind": "actor",)J"
    R"J( "name": "<img src=x onerror=\"document.body.dataset.pwned=3\">Evil \u202eredro\u202c <script>document.body.dataset.pwned=4</script>",)J"
    R"J( "aliases": ["\" onmouseover=\"x", "'quoted'"],)J"
    R"J( "attrs": {"note": "<svg onload=document.body.dataset.pwned=5>", "link": "javascript:alert(1)"}},)J"
    R"J( {"id": "evil-place", "kind": "location", "name": "<b>Place</b> \u2067x\u2069", "coords": [14.5, -2.5]}],)J"
    R"J( "edges": [{"from": "fama", "type": "ATTACKED", "to": "evil", "date": "2025-06-14"},)J"
    R"J( {"from": "evil", "type": "OPERATES_IN", "to": "evil-place"}]})J"
    "\n"
    R"J({"record": "hostile-2", "source": {"title": "A plain report", "url": "https://example.org/r?a=\"><script>x</script>"},)J"
    R"J( "nodes": [{"id": "evil", "kind": "actor"}]})J"
    "\n";

class BrowserSeed {
 public:
  BrowserSeed() : served_({file_ = files_.Write("hostile.jsonl", kHostile)}) {}
  const ServedSeed& served() const { return served_; }

 private:
  TempDir files_{"kg_hostile"};
  std::string file_;
  ServedSeed served_;
};

// The chromium to run, or "" after a warning that the test is skipped.
std::string ChromiumOrSkip() {
  std::string chromium = FindChromium();
  if (chromium.empty()) WARN("skipped: chromium is not installed (apt-get install chromium)");
  return chromium;
}

}  // namespace

TEST_CASE("kg serve in chromium: FAMa's page shows its name, links to its neighbors' pages, maps its places",
          "[serve][browser]") {
  std::string chromium = ChromiumOrSkip();
  if (chromium.empty()) return;
  BrowserSeed seed;
  const ServedSeed& served = seed.served();
  {
    std::string dom = Chromium(chromium, served.url("/#/node?id=fama&depth=2"), "--dump-dom");
    INFO(dom);
    CHECK(dom.find("data-ready=\"1\"") != std::string::npos);
    CHECK(dom.find("<h1 id=\"node-name\"><bdi>Forces armées maliennes</bdi>") != std::string::npos);
    CHECK(dom.find("href=\"#/node?id=jnim\"") != std::string::npos);         // a neighbor's page
    CHECK(dom.find("class=\"graph-link\"") != std::string::npos);            // the drawing links too
    CHECK(dom.find("href=\"https://example.org/mali/") != std::string::npos);  // a source link
    CHECK(Count(dom, "class=\"place\"") >= 2);                                // places with coords
    CHECK(Count(dom, "kg-point") == Count(dom, "class=\"place\""));           // one point each on the map
    CHECK(dom.find("class=\"error\"") == std::string::npos);
  }
}

TEST_CASE("kg serve in chromium: hostile names, attrs and sources are shown as text and run nothing",
          "[serve][browser]") {
  std::string chromium = ChromiumOrSkip();
  if (chromium.empty()) return;
  BrowserSeed seed;
  const ServedSeed& served = seed.served();
  {
    std::string dom = Chromium(chromium, served.url("/#/node?id=evil"), "--dump-dom");
    INFO(dom);
    CHECK(dom.find("data-ready=\"1\"") != std::string::npos);
    CHECK(dom.find("data-pwned") == std::string::npos);
    // The page's own two scripts, no other element or handler.
    CHECK(Count(dom, "<script") == 2);
    CHECK(Count(dom, "<img") == 0);
    // No element carries an event handler (the text "onerror=" itself is shown).
    CHECK_FALSE(std::regex_search(dom, std::regex(R"(<[a-zA-Z][^<>]*\son[a-z]+=)")));
    CHECK(dom.find("href=\"javascript:") == std::string::npos);
    // The text itself is there, as text.
    CHECK(dom.find("&lt;img src=x onerror=\"document.body.dataset.pwned=3\"&gt;Evil") != std::string::npos);
    CHECK(dom.find("&lt;svg onload=document.body.dataset.pwned=5&gt;") != std::string::npos);
    CHECK(dom.find("&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;") != std::string::npos);
    // The javascript: source is not a link; the https one is, its quotes encoded.
    CHECK(dom.find("javascript:document.body.dataset.pwned=2") != std::string::npos);
    CHECK(dom.find("href=\"https://example.org/r?a=%22%3E%3Cscript%3Ex%3C/script%3E\"") != std::string::npos);
    // Its place, named in markup, is a point on the map and a text in the list.
    CHECK(dom.find("&lt;b&gt;Place&lt;/b&gt;") != std::string::npos);
    CHECK(Count(dom, "kg-point") == 1);
  }
  {
    // A search for markup and a fake did-you-mean: the text is shown as
    // text, and only a did-you-mean of kg's own makes links.
    std::string dom = Chromium(chromium,
                               served.url("/#/search?text=%3Csvg%20onload%3D%22document.body.dataset.pwned%3D6%22%3E"
                                          "%20(did%20you%20mean%20%22evil%22%3F)"),
                               "--dump-dom");
    INFO(dom);
    CHECK(dom.find("data-ready=\"1\"") != std::string::npos);
    CHECK(dom.find("data-pwned") == std::string::npos);
    CHECK(Count(dom, "<svg") == 0);
    CHECK(dom.find("<p class=\"error\"><bdi>kg: no node matches \"&lt;svg onload=\"document.body.dataset.pwned=6\"&gt;"
                   " (did you mean \"evil\"?)\"</bdi></p>") != std::string::npos);
    CHECK(dom.find("did-you-mean") == std::string::npos);
    CHECK(dom.find("href=\"#/search?text=evil\"") == std::string::npos);
  }
}

TEST_CASE("kg serve in chromium: search, path and did-you-mean pages link to node pages", "[serve][browser]") {
  std::string chromium = ChromiumOrSkip();
  if (chromium.empty()) return;
  BrowserSeed seed;
  const ServedSeed& served = seed.served();
  {
    std::string dom = Chromium(chromium, served.url("/#/search?text=Bandia"), "--dump-dom");
    INFO(dom);
    CHECK(dom.find("href=\"#/node?id=bandiagara\"") != std::string::npos);
    std::string path = Chromium(chromium, served.url("/#/path?from=FAMa&to=Tombouctou"), "--dump-dom");
    INFO(path);
    CHECK(path.find("<ol id=\"path\">") != std::string::npos);
    CHECK(path.find("href=\"#/node?id=fama\"") != std::string::npos);
    CHECK(path.find("href=\"#/node?id=tombouctou\"") != std::string::npos);
    std::string missing = Chromium(chromium, served.url("/#/node?id=Timbuctu"), "--dump-dom");
    INFO(missing);
    CHECK(missing.find("class=\"error\"") != std::string::npos);
    CHECK(missing.find("Timbuctu") != std::string::npos);
    CHECK(missing.find("href=\"#/search?text=Tombouctou\"") != std::string::npos);  // did you mean
    // A search that matches nothing: the command's line, its did-you-mean a link.
    std::string miss = Chromium(chromium, served.url("/#/search?text=Fmaa"), "--dump-dom");
    INFO(miss);
    CHECK(miss.find("data-ready=\"1\"") != std::string::npos);
    CHECK(miss.find("<p class=\"error\"><bdi>kg: no node matches \"Fmaa\" (did you mean \"Forces armées maliennes\"?)"
                    "</bdi></p>") != std::string::npos);
    CHECK(miss.find("href=\"#/search?text=Forces+arm%C3%A9es+maliennes\"") != std::string::npos);
    CHECK(miss.find("id=\"results\"") == std::string::npos);
    // Nothing close: the line alone.
    std::string far = Chromium(chromium, served.url("/#/search?text=Ouagadougou"), "--dump-dom");
    INFO(far);
    CHECK(far.find("<p class=\"error\"><bdi>kg: no node matches \"Ouagadougou\"</bdi></p>") != std::string::npos);
    CHECK(far.find("did-you-mean") == std::string::npos);
  }
}
