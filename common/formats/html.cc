// HTML text through gumbo: the article of a page saved from a government
// site, without scripts, styles and navigation chrome.
#include <gumbo.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/formats/formats.h"

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

}  // namespace

std::string HtmlToText(absl::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
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
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return text;
}

}  // namespace fazhi::formats
