#include "RecipeDiff.h"

#include "api/SafeText.h"

#include <QHash>
#include <QStringList>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Mid-bright tones that keep about 4:1 contrast on white and on the dark grey of a dark palette; the strike-through
// and the underline say the same for anyone who cannot tell the colours apart.
constexpr auto kRemovedColour = "#e0483e";
constexpr auto kAddedColour = "#2f80ed";
constexpr qsizetype kMaxLabelLength = 60;

// One word of a prompt. spaced: white space came before it (or, for the first word, it is not a character of a
// script written without spaces), so a space goes before it when it follows another word.
struct Word
{
    QString text;
    bool spaced = true;
};

// Chinese and Japanese are written without spaces: each of their characters is taken as a word of its own.
bool standsAlone(char32_t c)
{
    const QChar::Script script = QChar::script(c);
    return script == QChar::Script_Han || script == QChar::Script_Hiragana || script == QChar::Script_Katakana;
}

QList<Word> splitWords(const QString &text)
{
    QList<Word> words;
    QString current;
    bool currentSpaced = true;
    bool sawSpace = false;
    bool afterStandalone = false;
    const auto flush = [&] {
        if (!current.isEmpty())
            words.append({current, currentSpaced});
        current.clear();
    };
    const auto spacedHere = [&](char32_t c) {
        return words.isEmpty() && current.isEmpty() ? !standsAlone(c) : sawSpace;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        QString piece(text.at(i));
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            piece.append(text.at(++i));
        }
        if (QChar::isSpace(c)) {
            flush();
            sawSpace = true;
            afterStandalone = false;
        } else if (standsAlone(c)) {
            flush();
            words.append({piece, spacedHere(c)});
            sawSpace = false;
            afterStandalone = true;
        } else if (afterStandalone && QChar::isPunct(c)) {
            words.last().text += piece; // "猫。" is one word, as "cat." is
        } else {
            if (current.isEmpty())
                currentSpaced = spacedHere(c);
            current += piece;
            sawSpace = false;
            afterStandalone = false;
        }
    }
    flush();
    return words;
}

struct Step
{
    PromptDiffPart::Kind kind;
    const Word *word;
    bool spaced;
};

// The steps between the common start and end: a longest common subsequence of words when the table is small
// enough, else everything replaced. Removed words come before added ones in each stretch between common words.
void diffMiddle(const QList<Word> &a, qsizetype aBegin, qsizetype aEnd, const QList<Word> &b, qsizetype bBegin,
                qsizetype bEnd, QList<Step> &steps)
{
    const qsizetype n = aEnd - aBegin;
    const qsizetype m = bEnd - bBegin;
    QList<Step> removed;
    QList<Step> added;
    const auto flushChanges = [&] {
        steps += removed;
        steps += added;
        removed.clear();
        added.clear();
    };
    if (n == 0 || m == 0 || n * m > RecipeDiff::kMaxDiffCells) {
        for (qsizetype i = aBegin; i < aEnd; ++i)
            removed.append({PromptDiffPart::Kind::OnlyA, &a.at(i), a.at(i).spaced});
        for (qsizetype j = bBegin; j < bEnd; ++j)
            added.append({PromptDiffPart::Kind::OnlyB, &b.at(j), b.at(j).spaced});
        flushChanges();
        return;
    }

    // Words as numbers, so that the table's inner loop compares integers.
    QHash<QString, int> ids;
    std::vector<int> wa(static_cast<size_t>(n));
    std::vector<int> wb(static_cast<size_t>(m));
    for (qsizetype i = 0; i < n; ++i) {
        auto it = ids.find(a.at(aBegin + i).text);
        if (it == ids.end())
            it = ids.insert(a.at(aBegin + i).text, int(ids.size()));
        wa[size_t(i)] = it.value();
    }
    for (qsizetype j = 0; j < m; ++j) {
        const QString &text = b.at(bBegin + j).text;
        const auto it = ids.constFind(text);
        wb[size_t(j)] = it != ids.cend() ? it.value() : -1;
    }

    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]. It never exceeds min(n, m) <= 1000, so 16
    // bits are enough.
    const size_t width = size_t(m) + 1;
    std::vector<quint16> lcs((size_t(n) + 1) * width, 0);
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            const size_t at = size_t(i) * width + size_t(j);
            lcs[at] = wa[size_t(i)] == wb[size_t(j)] ? quint16(lcs[at + width + 1] + 1)
                                                     : std::max(lcs[at + width], lcs[at + 1]);
        }
    }

    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        const size_t at = size_t(i) * width + size_t(j);
        if (i < n && j < m && wa[size_t(i)] == wb[size_t(j)]) {
            flushChanges();
            const Word &wordA = a.at(aBegin + i);
            steps.append({PromptDiffPart::Kind::Same, &wordA, wordA.spaced || b.at(bBegin + j).spaced});
            ++i;
            ++j;
        } else if (j == m || (i < n && lcs[at + width] >= lcs[at + 1])) {
            removed.append({PromptDiffPart::Kind::OnlyA, &a.at(aBegin + i), a.at(aBegin + i).spaced});
            ++i;
        } else {
            added.append({PromptDiffPart::Kind::OnlyB, &b.at(bBegin + j), b.at(bBegin + j).spaced});
            ++j;
        }
    }
    flushChanges();
}

QString modeText(const GenerationRequest &request)
{
    if (const auto mode = request.mode())
        return GenerationRequest::modeName(*mode);
    return u"not chosen (first frame and references both given)"_s;
}

QString onOff(bool value)
{
    return value ? u"on"_s : u"off"_s;
}

// Two images are the same when they are the same file or address: the library keeps each image under a name made
// from its content, so the same path means the same picture. The name the user knew it by is only a label.
bool sameImage(const ImageSource &a, const ImageSource &b)
{
    return a.kind == b.kind && a.path == b.path && a.url == b.url;
}

QString imageText(const ImageSource &image)
{
    return image.isEmpty() ? u"none"_s : image.displayName();
}

QList<ImageSource> filledReferences(const GenerationRequest &request)
{
    QList<ImageSource> images;
    for (const int index : request.filledReferenceIndexes())
        images.append(request.references.at(index));
    return images;
}

QString referencesText(const QList<ImageSource> &images)
{
    if (images.isEmpty())
        return u"none"_s;
    QStringList names;
    for (const ImageSource &image : images)
        names.append(image.displayName());
    return u"%1 (%2)"_s.arg(images.size()).arg(names.join(u", "_s));
}

RecipeDiffRow row(const QString &field, const QString &a, const QString &b)
{
    return {field, a, b, a != b};
}

RecipeDiffRow imageRow(const QString &field, const QList<ImageSource> &a, const QList<ImageSource> &b,
                       const QString &textA, QString textB)
{
    const bool same = a.size() == b.size() && std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), sameImage);
    // Different pictures that happen to share a name must not read as the same.
    if (!same && textA == textB)
        textB += u" (a different image)"_s;
    return {field, textA, textB, !same};
}

QString shown(const QString &text, qsizetype maxLength = RecipeDiff::kMaxShownValueLength)
{
    return SafeText::clean(text, maxLength).toHtmlEscaped();
}

QString styledPart(const PromptDiffPart &part)
{
    QString text = part.text;
    QString space;
    if (text.startsWith(u' ')) {
        space = u" "_s;
        text.remove(0, 1);
    }
    text = text.toHtmlEscaped();
    switch (part.kind) {
    case PromptDiffPart::Kind::Same:
        return space + text;
    case PromptDiffPart::Kind::OnlyA:
        return space + u"<s style=\"color:%1\">%2</s>"_s.arg(QLatin1StringView(kRemovedColour), text);
    case PromptDiffPart::Kind::OnlyB:
        return space + u"<u style=\"color:%1\"><b>%2</b></u>"_s.arg(QLatin1StringView(kAddedColour), text);
    }
    return {};
}

// One prompt's difference inline, as a paragraph.
QString promptParagraph(const RecipeDiffRow &row)
{
    const QList<PromptDiffPart> parts =
        RecipeDiff::promptDiff(SafeText::clean(row.a, RecipeDiff::kMaxShownPromptLength),
                               SafeText::clean(row.b, RecipeDiff::kMaxShownPromptLength));
    QString body;
    bool anyChange = false;
    for (const PromptDiffPart &part : parts) {
        body += styledPart(part);
        anyChange = anyChange || part.kind != PromptDiffPart::Kind::Same;
    }
    if (body.isEmpty())
        body = u"<i>empty</i>"_s;
    if (!anyChange)
        body += u"<br><i>The prompts differ only in spacing or in characters that are not shown.</i>"_s;
    return u"<p><b>%1</b><br>%2</p>"_s.arg(row.field.toHtmlEscaped(), body);
}

} // namespace

namespace RecipeDiff {

QList<RecipeDiffRow> rows(const GenerationRequest &a, const GenerationRequest &b)
{
    const auto seedText = [](const GenerationRequest &request) {
        return request.seed ? QString::number(*request.seed) : u"random"_s;
    };
    const QList<ImageSource> firstA = a.firstFrame.isEmpty() ? QList<ImageSource>() : QList{a.firstFrame};
    const QList<ImageSource> firstB = b.firstFrame.isEmpty() ? QList<ImageSource>() : QList{b.firstFrame};
    const QList<ImageSource> referencesA = filledReferences(a);
    const QList<ImageSource> referencesB = filledReferences(b);
    return {
        row(u"Prompt"_s, a.prompt, b.prompt),
        row(u"Negative prompt"_s, a.negativePrompt, b.negativePrompt),
        row(u"Mode"_s, modeText(a), modeText(b)),
        row(u"Resolution"_s, Pricing::resolutionName(a.resolution), Pricing::resolutionName(b.resolution)),
        row(u"Duration"_s, u"%1 s"_s.arg(a.durationSeconds), u"%1 s"_s.arg(b.durationSeconds)),
        row(u"Aspect ratio"_s, aspectRatioName(a.aspect), aspectRatioName(b.aspect)),
        row(u"Seed"_s, seedText(a), seedText(b)),
        row(u"Expand short prompts"_s, onOff(a.promptExtend), onOff(b.promptExtend)),
        row(u"Watermark"_s, onOff(a.watermark), onOff(b.watermark)),
        imageRow(u"First frame"_s, firstA, firstB, imageText(a.firstFrame), imageText(b.firstFrame)),
        imageRow(u"References"_s, referencesA, referencesB, referencesText(referencesA), referencesText(referencesB)),
    };
}

QList<PromptDiffPart> promptDiff(const QString &a, const QString &b)
{
    const QList<Word> wordsA = splitWords(a);
    const QList<Word> wordsB = splitWords(b);
    const qsizetype shortest = std::min(wordsA.size(), wordsB.size());
    qsizetype prefix = 0;
    while (prefix < shortest && wordsA.at(prefix).text == wordsB.at(prefix).text)
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shortest - prefix &&
           wordsA.at(wordsA.size() - 1 - suffix).text == wordsB.at(wordsB.size() - 1 - suffix).text)
        ++suffix;

    QList<Step> steps;
    const auto same = [&](qsizetype i, qsizetype j) {
        steps.append({PromptDiffPart::Kind::Same, &wordsA.at(i), wordsA.at(i).spaced || wordsB.at(j).spaced});
    };
    for (qsizetype i = 0; i < prefix; ++i)
        same(i, i);
    diffMiddle(wordsA, prefix, wordsA.size() - suffix, wordsB, prefix, wordsB.size() - suffix, steps);
    for (qsizetype k = suffix; k > 0; --k)
        same(wordsA.size() - k, wordsB.size() - k);

    QList<PromptDiffPart> parts;
    for (const Step &step : std::as_const(steps)) {
        const QString text = (step.spaced && !parts.isEmpty() ? u" "_s : QString()) + step.word->text;
        if (!parts.isEmpty() && parts.last().kind == step.kind)
            parts.last().text += text;
        else
            parts.append({step.kind, text});
    }
    return parts;
}

QString toHtml(const GenerationRequest &a, const GenerationRequest &b, const QString &labelA, const QString &labelB)
{
    const QString nameA = shown(labelA, kMaxLabelLength);
    const QString nameB = shown(labelB, kMaxLabelLength);
    const QList<RecipeDiffRow> all = rows(a, b);
    const bool identical = std::none_of(all.cbegin(), all.cend(), [](const RecipeDiffRow &r) { return r.differs; });
    if (identical) {
        QString text = u"The recipes of %1 and %2 are the same."_s.arg(nameA, nameB);
        if (!a.seed)
            text += u" Both seeds were random, so the difference between the takes is chance."_s;
        return u"<p>%1</p>"_s.arg(text);
    }

    QString html;
    QString table;
    QStringList same;
    bool legendShown = false;
    for (const RecipeDiffRow &r : all) {
        if (!r.differs) {
            // Two random seeds are not the same seed: the service drew one for each take.
            if (r.field == u"Seed" && !a.seed && !b.seed)
                same.append(u"seed (random in both: each take drew its own)"_s);
            else
                same.append(r.field.toLower());
        } else if (r.field == u"Prompt" || r.field == u"Negative prompt") {
            if (!legendShown) {
                html += u"<p><s style=\"color:%1\">Struck through</s>: only in %2. "
                        u"<u style=\"color:%3\"><b>Underlined</b></u>: only in %4.</p>"_s.arg(
                            QLatin1StringView(kRemovedColour), nameA, QLatin1StringView(kAddedColour), nameB);
                legendShown = true;
            }
            html += promptParagraph(r);
        } else {
            table += u"<tr><td><b>%1</b></td><td>%2</td><td>%3</td></tr>"_s.arg(r.field.toHtmlEscaped(), shown(r.a),
                                                                                shown(r.b));
        }
    }
    if (!table.isEmpty()) {
        html += u"<table cellspacing=\"0\" cellpadding=\"3\"><tr><th></th><th align=\"left\">%1</th>"
                u"<th align=\"left\">%2</th></tr>%3</table>"_s.arg(nameA, nameB, table);
    }
    if (!same.isEmpty())
        html += u"<p>Same: %1.</p>"_s.arg(same.join(u", "_s).toHtmlEscaped());
    return html;
}

QString toHtmlWithoutRecipe(const QString &label)
{
    return u"<p>No recipe for %1: it is a file, not a take from the library.</p>"_s.arg(shown(label, kMaxLabelLength));
}

} // namespace RecipeDiff
