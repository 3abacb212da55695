#include "api/PromptVariants.h"

#include "api/PromptLength.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// A run of literal text (one option, no label) or a group of alternatives, in prompt order.
struct Part
{
    QStringList options;
    bool group = false;
    int position = 0; // the group's "{"
};

// Past this the count only says "more than": a product of many groups would overflow.
constexpr qint64 kCountCeiling = 1'000'000;

PromptVariantsResult failure(int position, const QString &error)
{
    PromptVariantsResult result;
    result.position = position;
    result.error = error;
    return result;
}

// Messages count characters from 1, as a person does.
QString at(int position)
{
    return QString::number(position + 1);
}

} // namespace

namespace PromptVariants {

bool hasAlternatives(const QString &prompt)
{
    for (qsizetype i = 0; i < prompt.size(); ++i) {
        const QChar c = prompt.at(i);
        if (c != u'{' && c != u'}')
            continue;
        if (i + 1 < prompt.size() && prompt.at(i + 1) == c) {
            ++i; // an escaped brace
            continue;
        }
        return true;
    }
    return false;
}

PromptVariantsResult expand(const QString &prompt, int maxExpansions)
{
    QList<Part> parts;
    QString literal;
    const int size = int(prompt.size());
    const auto flushLiteral = [&] {
        if (!literal.isEmpty())
            parts.append(Part{{literal}, false, 0});
        literal.clear();
    };

    int i = 0;
    while (i < size) {
        const QChar c = prompt.at(i);
        const bool doubled = i + 1 < size && prompt.at(i + 1) == c;
        if (c == u'}') {
            if (!doubled)
                return failure(i, u"The “}” at character %1 closes nothing. Remove it, or write “}}” for a brace in "
                                  "the prompt."_s.arg(at(i)));
            literal += c;
            i += 2;
            continue;
        }
        if (c != u'{') {
            literal += c;
            ++i;
            continue;
        }
        if (doubled) {
            literal += c;
            i += 2;
            continue;
        }

        flushLiteral();
        const int open = i++;
        QStringList options;
        QString current;
        int currentStart = i;
        bool closed = false;
        while (i < size && !closed) {
            const QChar d = prompt.at(i);
            if (d == u'{')
                return failure(i, u"The “{” at character %1 is inside the alternatives that start at character %2; "
                                  "alternatives cannot be nested. Write the combinations out, as in "
                                  "{red fox|blue fox}."_s.arg(at(i), at(open)));
            if (d != u'|' && d != u'}') {
                current += d;
                ++i;
                continue;
            }
            closed = d == u'}';
            if (closed && options.isEmpty() && current.trimmed().isEmpty())
                return failure(open, u"The braces at character %1 hold no alternatives. Write them like "
                                     "{red|blue}, or remove the braces."_s.arg(at(open)));
            if (current.trimmed().isEmpty())
                return failure(currentStart, u"The alternative at character %1 is empty. Write something between "
                                             "each “|”, or remove the extra “|”."_s.arg(at(currentStart)));
            for (const QString &earlier : std::as_const(options)) {
                if (earlier.trimmed() == current.trimmed())
                    return failure(currentStart, u"“%1” is written twice in the alternatives at character %2. "
                                                 "Remove one."_s.arg(current.trimmed(), at(open)));
            }
            options.append(current);
            current.clear();
            currentStart = ++i;
        }
        if (!closed)
            return failure(open, u"The “{” at character %1 is never closed. End the alternatives with “}”, or "
                                 "write “{{” for a brace in the prompt."_s.arg(at(open)));
        parts.append(Part{options, true, open});
    }
    flushLiteral();

    // Counted only once the syntax is right, so that a typo is reported as a typo.
    qint64 count = 1;
    int overAt = -1;
    for (const Part &part : std::as_const(parts)) {
        count = qMin(count * part.options.size(), kCountCeiling + 1);
        if (count > maxExpansions && overAt < 0)
            overAt = part.position;
    }
    if (overAt >= 0) {
        const QString made =
            count > kCountCeiling ? u"more than %1"_s.arg(groupThousands(kCountCeiling)) : groupThousands(count);
        return failure(overAt, u"These alternatives make %1 prompts; a sweep is limited to %2. Remove some "
                               "alternatives."_s.arg(made, QString::number(maxExpansions)));
    }

    // An odometer over the groups, the last one turning fastest.
    PromptVariantsResult result;
    QList<int> choice(parts.size(), 0);
    while (true) {
        PromptExpansion expansion;
        QStringList chosen;
        for (qsizetype p = 0; p < parts.size(); ++p) {
            const QString &option = parts.at(p).options.at(choice.at(p));
            expansion.prompt += option;
            if (parts.at(p).group)
                chosen.append(option.trimmed());
        }
        expansion.label = chosen.join(u" · "_s);
        result.expansions.append(expansion);

        qsizetype p = parts.size() - 1;
        while (p >= 0 && ++choice[p] == parts.at(p).options.size())
            choice[p--] = 0;
        if (p < 0)
            break;
    }
    return result;
}

QString syntaxHelp()
{
    return u"Write alternatives in braces: “a {red|blue} fox” makes “a red fox” and “a blue fox”. Several groups "
           "multiply: “{red|blue} {fox|owl}” makes four prompts. Write “{{” or “}}” for a brace itself."_s;
}

} // namespace PromptVariants
