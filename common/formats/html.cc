// HTML text through gumbo: the article of a page saved from a government
// site, without scripts, styles and navigation chrome.
#include <gumbo.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/formats/formats.h"
#include "common/formats/html_tree.h"
#include "common/text/utf8.h"

namespace fazhi::formats {
namespace {

bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
      return true;
    default:
      return false;
  }
}

std::string AttributeWords(const GumboElement& e) {
  std::string words;
  for (const char* name : {"id", "class"}) {
    if (const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name)) {
      words += absl::AsciiStrToLower(a->value);
      words += ' ';
    }
  }
  return words;
}

// Chrome that pages mark by id or class.
bool IsChrome(const GumboElement& e) {
  std::string words = AttributeWords(e);
  for (const char* w : {"nav", "menu", "breadcrumb", "footer", "header", "share", "sidebar",
                        "related", "crumb", "toolbar", "copyright", "login"}) {
    if (words.find(w) != std::string::npos) return true;
  }
  return false;
}

// Containers that pages use for the article body.
bool IsArticle(const GumboElement& e) {
  if (e.tag == GUMBO_TAG_ARTICLE) return true;
  std::string words = AttributeWords(e);
  for (const char* w : {"content", "article", "zoom", "detail", "trs_editor", "main", "text",
                        "custom_unionstyle"}) {
    if (words.find(w) != std::string::npos) return true;
  }
  return false;
}

void AppendText(const GumboNode* node, std::string* out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    out->append(node->v.text.text);
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  const GumboElement& e = node->v.element;
  if (IsSkipped(e.tag) || IsChrome(e)) return;
  bool block = IsBlock(e.tag);
  if (block) out->push_back('\n');
  for (unsigned i = 0; i < e.children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
    AppendText(child, out);
    if (e.tag == GUMBO_TAG_TR && child->type == GUMBO_NODE_ELEMENT) out->push_back('\t');
  }
  if (block) out->push_back('\n');
}

// The article container with the most text, if there is one.
void FindArticle(const GumboNode* node, const GumboNode** best, size_t* best_size) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& e = node->v.element;
  if (IsSkipped(e.tag) || IsChrome(e)) return;
  if (IsArticle(e)) {
    std::string text;
    AppendText(node, &text);
    if (text.size() > *best_size) {
      *best = node;
      *best_size = text.size();
    }
  }
  for (unsigned i = 0; i < e.children.length; ++i) {
    FindArticle(static_cast<const GumboNode*>(e.children.data[i]), best, best_size);
  }
}

// Elements whose end tag HTML lets a page leave out, or that have none: a
// page of 5 000 unclosed <p> or <br> is not nested 5 000 deep.
bool NeverNests(absl::string_view tag) {
  for (absl::string_view t :
       {"p",     "li",     "td",    "th",       "tr",      "dt",   "dd",   "option", "optgroup",
        "tbody", "thead",  "tfoot", "colgroup", "caption", "rb",   "rt",   "rp",     "br",
        "img",   "hr",     "meta",  "link",     "input",   "area", "base", "col",    "embed",
        "param", "source", "track", "wbr",      "html",    "head", "body"}) {
    if (tag == t) return true;
  }
  return false;
}

// Where the comment opening at `i` ("<!--") ends, as HTML's tokenizer
// reads it: after the first "-->" or "--!>"; "<!-->" and "<!--->" are
// whole (empty) comments. npos when it runs to the end.
size_t CommentEnd(absl::string_view html, size_t i) {
  size_t body = i + 4;
  if (html.substr(body, 1) == ">") return body + 1;
  if (html.substr(body, 2) == "->") return body + 2;
  for (size_t dashes = html.find("--", body); dashes != absl::string_view::npos;
       dashes = html.find("--", dashes + 1)) {
    if (html.substr(dashes + 2, 1) == ">") return dashes + 3;
    if (html.substr(dashes + 2, 2) == "!>") return dashes + 4;
  }
  return absl::string_view::npos;
}

// HTML's whitespace: tab, LF, FF, CR and space, but not the vertical tab
// that isspace() also takes (<title\v> is an element named "title\v",
// not a title whose raw text would hide what follows).
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Where a tag whose name ends at `from` ends, read as HTML's tokenizer
// reads attributes: a quoted value may hold '>' (<div title="a>b">), but
// only after a name and '=' (in <div ="> the quote is part of a name), and
// "/>" closes the tag as self-closing only outside an unquoted value
// (<g d=M0/> opens a g). `end` is npos when the tag never ends.
struct TagExtent {
  size_t end;
  bool self_closing;
};
TagExtent TagEnd(absl::string_view html, size_t from) {
  enum class State { kBeforeName, kName, kAfterName, kBeforeValue, kUnquotedValue };
  State state = State::kBeforeName;
  bool slash = false;  // a '/' that closes the tag if '>' follows
  for (size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (c == '>') return {i, slash};
    bool space = IsHtmlSpace(c);
    slash = false;
    switch (state) {
      case State::kBeforeName:
        if (c == '/') {
          slash = true;
        } else if (!space) {
          state = State::kName;  // '=' here begins a name
        }
        break;
      case State::kName:
      case State::kAfterName:
        if (c == '/') {
          slash = true;
          state = State::kBeforeName;
        } else if (c == '=') {
          state = State::kBeforeValue;
        } else if (space) {
          state = State::kAfterName;
        } else if (state == State::kAfterName) {
          state = State::kName;
        }
        break;
      case State::kBeforeValue:
        if (c == '"' || c == '\'') {
          i = html.find(c, i + 1);
          if (i == absl::string_view::npos) return {i, false};
          state = State::kBeforeName;
        } else if (!space) {
          state = State::kUnquotedValue;
        }
        break;
      case State::kUnquotedValue:
        if (space) state = State::kBeforeName;
        break;
    }
  }
  return {absl::string_view::npos, false};
}

// Elements whose content HTML reads as text up to their end tag, so that
// "<textarea></div>" closes nothing.
bool IsRawText(absl::string_view name) {
  for (absl::string_view t :
       {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}) {
    if (name == t) return true;
  }
  return false;
}

// Where the raw text of such an element (from `from`) ends: its end tag, in
// any case, the name followed by whitespace, '/' or '>' ("</script=" ends
// nothing, and a guard that took it for the end would read on from a place
// HTML reads as script).
// Whether `name` (of a script tag) stands at `at` followed by what ends a
// tag name in HTML's script states: whitespace (a CR is a LF there), '/'
// or '>'.
bool ScriptNameAt(absl::string_view html, size_t at) {
  if (!absl::EqualsIgnoreCase(html.substr(at, 6), "script") || at + 6 >= html.size()) return false;
  char c = html[at + 6];
  return IsHtmlSpace(c) || c == '/' || c == '>';
}

// Where a script's text (from `from`) ends, read through HTML's script data
// states: "<!--" escapes it, in which "<script" escapes it twice, and there
// "</script>" only undoes the second escape; "-->" ends every escape. So
// "<!--<script></script>x</script>" ends at the second end tag.
size_t ScriptEnd(absl::string_view html, size_t from) {
  enum class State { kData, kEscaped, kDoubleEscaped };
  State state = State::kData;
  for (size_t i = from; i < html.size(); ++i) {
    if (html[i] == '-' && state != State::kData && html.substr(i, 3) == "-->") {
      state = State::kData;
      i += 2;
      continue;
    }
    if (html[i] != '<') continue;
    if (state == State::kData && html.substr(i, 4) == "<!--") {
      state = State::kEscaped;
      ++i;  // its dashes may also begin "-->" (<!-->)
      continue;
    }
    const bool end = html.substr(i, 2) == "</";
    const size_t name = i + (end ? 2 : 1);
    if (!ScriptNameAt(html, name)) continue;
    if (end && state != State::kDoubleEscaped) return i;
    if (end) {
      state = State::kEscaped;
    } else if (state == State::kEscaped) {
      state = State::kDoubleEscaped;
    }
    i = name + 5;
  }
  return html.size();
}

size_t RawTextEnd(absl::string_view html, size_t from, absl::string_view name) {
  if (name == "script") return ScriptEnd(html, from);
  std::string end_tag = absl::StrCat("</", name);
  for (size_t i = html.find("</", from); i != absl::string_view::npos; i = html.find("</", i + 2)) {
    if (!absl::EqualsIgnoreCase(html.substr(i, end_tag.size()), end_tag)) continue;
    size_t after = i + end_tag.size();
    if (after >= html.size() || IsHtmlSpace(html[after]) || html[after] == '/' ||
        html[after] == '>') {
      return i;
    }
  }
  return html.size();
}

// Start tags that end SVG and MathML content (HTML's breakout list): HTML
// pops the foreign elements and the tag, and what follows, is HTML again.
// <font> breaks out only with a color, face or size attribute.
bool BreaksOutOfForeign(absl::string_view name, absl::string_view attributes) {
  for (absl::string_view t :
       {"b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
        "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
        "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
        "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
        "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"}) {
    if (name == t) return true;
  }
  if (name != "font") return false;
  std::string lower = absl::AsciiStrToLower(attributes);
  for (const std::string attribute : {"color", "face", "size"}) {
    for (size_t at = lower.find(attribute); at != std::string::npos;
         at = lower.find(attribute, at + 1)) {
      bool starts = at == 0 || IsHtmlSpace(lower[at - 1]) || lower[at - 1] == '/';
      size_t after = at + attribute.size();
      bool ends = after >= lower.size() || lower[after] == '=' || lower[after] == '/' ||
                  lower[after] == '>' || IsHtmlSpace(lower[after]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// Elements inside SVG or MathML whose content HTML reads as HTML (HTML and
// MathML text integration points).
bool IntegrationPoint(absl::string_view name) {
  for (absl::string_view t :
       {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"}) {
    if (name == t) return true;
  }
  return false;
}

// How deep the page's elements nest, from its tags alone, before gumbo
// builds a tree that every walk (gumbo's own teardown among them) would
// descend recursively. It reads tags as HTML's tokenizer does, so that no
// spelling nests unseen: comments end where HTML ends them (<!-->), a
// quoted '>' does not end a tag, "/>" closes an element only inside SVG
// and MathML (<div/> opens a div), an end tag closes only an element of its
// name that is open (<div></span> nests), raw text (script, style,
// textarea, title ...) ends at its end tag in any case (</SCRIPT>).
// Comments and raw text are skipped. Elements that the tags do not show
// (tbody, a <p> left open) make the tree a few times deeper at most:
// bounded, which is what the walks need.
size_t NestingDepth(absl::string_view html) {
  size_t depth = 0, deepest = 0;
  absl::flat_hash_map<std::string, size_t> open;  // name -> elements open
  // Where the tokenizer is: SVG/MathML content (true) or HTML (false), by
  // the <svg>/<math> and integration points open, innermost last.
  struct Context {
    std::string name;
    bool foreign;
  };
  std::vector<Context> contexts;
  auto in_foreign = [&] { return !contexts.empty() && contexts.back().foreign; };
  // A breakout tag in foreign content: back to the innermost HTML context.
  auto break_out = [&] {
    while (in_foreign()) contexts.pop_back();
  };
  size_t i = 0;
  while ((i = html.find('<', i)) != absl::string_view::npos) {
    // Where HTML would read the rest of the page as a comment, a bogus
    // comment or a tag that never ends, the guard reads on instead: should
    // it have misjudged where it is (script text inside SVG, where HTML
    // parses elements), it counts more nesting than gumbo builds, never
    // less.
    if (html.substr(i, 4) == "<!--") {
      size_t end = CommentEnd(html, i);
      i = end == absl::string_view::npos ? i + 4 : end;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t name_start = i + (closing ? 2 : 1);
    if (name_start >= html.size() ||
        !absl::ascii_isalpha(static_cast<unsigned char>(html[name_start]))) {
      // <!DOCTYPE>, <?xml?>, </ x>: bogus comments to the next '>'; a '<'
      // before anything else is text.
      bool bogus = closing || html.substr(i, 2) == "<!" || html.substr(i, 2) == "<?";
      size_t end = bogus ? html.find('>', i) : absl::string_view::npos;
      i = end == absl::string_view::npos ? i + 1 : end;
      continue;
    }
    size_t name_end = name_start;
    while (name_end < html.size() && html[name_end] != '/' && html[name_end] != '>' &&
           !IsHtmlSpace(html[name_end])) {
      ++name_end;
    }
    TagExtent tag = TagEnd(html, name_end);
    if (tag.end == absl::string_view::npos) {
      i = name_end;
      continue;
    }
    std::string name = absl::AsciiStrToLower(html.substr(name_start, name_end - name_start));
    absl::string_view attributes = html.substr(name_end, tag.end - name_end);
    i = tag.end + 1;
    if (in_foreign() &&
        (closing ? name == "p" || name == "br" : BreaksOutOfForeign(name, attributes))) {
      break_out();
    }
    if (closing && !contexts.empty() && contexts.back().name == name) contexts.pop_back();
    if (NeverNests(name)) continue;
    bool svg_or_math = name == "svg" || name == "math";
    if (closing) {
      auto it = open.find(name);
      if (it != open.end() && it->second > 0) {
        --it->second;
        --depth;
      }
      continue;
    }
    if (tag.self_closing && (in_foreign() || svg_or_math)) continue;
    if (!in_foreign() && IsRawText(name)) {
      i = RawTextEnd(html, i, name);
      continue;
    }
    if (!in_foreign() && name == "plaintext") break;  // the rest of the page is text
    if (svg_or_math) {
      contexts.push_back({name, true});
    } else if (in_foreign() && IntegrationPoint(name)) {
      contexts.push_back({name, false});
    }
    ++open[name];
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

// How deep gumbo's tree may be for a page the guard let through: elements
// the tags do not show (html, body, tbody, tr; a <p> or <li> left open;
// formatting elements opened again) make it a few times deeper than the
// tags, a table cell in a paragraph six elements for one tag.
size_t MaxTreeDepth(const Limits& limits) {
  return 8 * static_cast<size_t>(limits.max_nesting_depth) + 64;
}

// Gumbo's text is UTF-8 but for numeric character references that
// overflow its integer ("&#21111111111" came out as a lone byte 0xC7):
// each byte that does not decode becomes U+FFFD, as HTML reads a reference
// out of range.
void ReplaceInvalidUtf8(std::string* text) {
  for (size_t from = 0;;) {
    size_t bad = text::FirstInvalidUtf8(absl::string_view(*text).substr(from));
    if (bad == absl::string_view::npos) return;
    text->replace(from + bad, 1, "\xEF\xBF\xBD");
    from += bad + 3;
  }
}

}  // namespace

size_t GumboTreeDepth(const GumboNode* root) {
  size_t deepest = 0;
  std::vector<std::pair<const GumboNode*, size_t>> pending = {{root, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      children = &node->v.element.children;
    }
    if (children == nullptr) continue;
    for (unsigned k = 0; k < children->length; ++k) {
      pending.push_back({static_cast<const GumboNode*>(children->data[k]), depth + 1});
    }
  }
  return deepest;
}

absl::StatusOr<std::string> HtmlToText(absl::string_view html, const Limits& limits) {
  if (size_t depth = NestingDepth(html); depth > static_cast<size_t>(limits.max_nesting_depth)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "HTML page nests elements ", depth, " deep; the limit is ", limits.max_nesting_depth));
  }
  // Gumbo copies the stack of open elements into every parse error it
  // records, which nobody here reads: 20 000 stray end tags 20 000 deep
  // took 11 s and 4.7 GB with them, 0.6 s and 6 MB without.
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  // The tree as gumbo built it, measured without recursion before any of
  // the walks below descends it: where the tags misled the guard (gumbo's
  // foreign-content rules are many), the page is refused all the same.
  if (size_t depth = GumboTreeDepth(output->document); depth > MaxTreeDepth(limits)) {
    gumbo_destroy_output(&options, output);
    return absl::InvalidArgumentError(absl::StrCat(
        "HTML page nests elements ", depth, " deep; the limit is ", limits.max_nesting_depth));
  }
  std::string whole;
  AppendText(output->root, &whole);
  const GumboNode* article = nullptr;
  size_t article_size = 0;
  FindArticle(output->root, &article, &article_size);
  std::string text;
  // An article container counts when it holds most of the page's text;
  // otherwise the page's own structure is unusual and all text is kept.
  if (article != nullptr && article_size * 10 >= whole.size() * 4) {
    AppendText(article, &text);
  } else {
    text = std::move(whole);
  }
  gumbo_destroy_output(&options, output);
  ReplaceInvalidUtf8(&text);
  return text;
}

}  // namespace fazhi::formats
