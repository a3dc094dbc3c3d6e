// The depth of a tree gumbo built, measured without recursion: what
// HtmlToText checks before any walk descends the tree, and what the html
// fuzz target checks of every page HtmlToText lets through.
#ifndef FAZHI_COMMON_FORMATS_HTML_TREE_H_
#define FAZHI_COMMON_FORMATS_HTML_TREE_H_

#include <gumbo.h>

#include <cstddef>

namespace fazhi::formats {

// The document counts as 1.
size_t GumboTreeDepth(const GumboNode* root);

}  // namespace fazhi::formats

#endif  // FAZHI_COMMON_FORMATS_HTML_TREE_H_
