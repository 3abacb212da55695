#pragma once

#include "api/GenerationRequest.h"

#include <QList>
#include <QString>

// One setting of two recipes side by side. a and b are the recipes' own text (prompts untouched, names as the
// user gave them): clean and escape them before showing.
struct RecipeDiffRow
{
    QString field; // "Prompt", "Seed", "First frame", …
    QString a;
    QString b;
    bool differs = false;

    friend bool operator==(const RecipeDiffRow &, const RecipeDiffRow &) = default;
};

// A run of words of a prompt diff: in both prompts, only in the first or only in the second. A part's text starts
// with the space that separated it from the part before, so that the parts of one side, joined as they are, read
// as that prompt (its white space folded to single spaces).
struct PromptDiffPart
{
    enum class Kind
    {
        Same,
        OnlyA,
        OnlyB
    };
    Kind kind = Kind::Same;
    QString text;

    friend bool operator==(const PromptDiffPart &, const PromptDiffPart &) = default;
};

// What differs between two generations' recipes, for a compare view asking "why is B better?".
namespace RecipeDiff {

// Past this many words of one prompt times words of the other (after the common start and end are set aside),
// the middle of the prompts is shown as replaced whole instead of word by word: it keeps the work to a few
// milliseconds and a few MB whatever the prompts.
constexpr qsizetype kMaxDiffCells = 1'000'000;
// Longest prompt and other value shown by toHtml; longer ones (only from records that were never validated) are cut
// and end with "…".
constexpr qsizetype kMaxShownPromptLength = GenerationRequest::kMaxPromptCharacters;
constexpr qsizetype kMaxShownValueLength = 300;

// Every setting of a recipe in a fixed order: prompt, negative prompt, mode, resolution, duration, aspect ratio,
// seed, expand short prompts, watermark, first frame, references.
QList<RecipeDiffRow> rows(const GenerationRequest &a, const GenerationRequest &b);

// A word-level diff of two prompts (a longest common subsequence of words). Words are split at white space and keep
// their punctuation; Chinese and Japanese characters, written without spaces, count as a word each. Where words
// were replaced, the removed ones come before the added ones.
QList<PromptDiffPart> promptDiff(const QString &a, const QString &b);

// A compact rich-text summary for a QLabel or QTextBrowser: the prompts' differences inline (words only in A struck
// through, words only in B underlined and bold, each in its own colour, readable on light and dark backgrounds),
// the other settings that differ in a table, then one line naming the settings that are the same. Every text from
// the recipes and the labels is escaped and cut.
QString toHtml(const GenerationRequest &a, const GenerationRequest &b, const QString &labelA, const QString &labelB);

// What to show in place of the comparison when one side has no recipe (a clip opened from disk, not a take of the
// library): "No recipe for B: it is a file, not a take from the library."
QString toHtmlWithoutRecipe(const QString &label);

} // namespace RecipeDiff
