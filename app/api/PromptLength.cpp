#include "api/PromptLength.h"

#include "api/GenerationRequest.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The ranges the service's limit is documented for ("2,500 for Chinese"): CJK ideographs.
bool isChinese(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0xF900 && u <= 0xFAFF);
}

} // namespace

QString groupThousands(qint64 value)
{
    const QString digits = QString::number(value < 0 ? -value : value);
    QString text;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            text += u',';
        text += digits.at(i);
    }
    return value < 0 ? u"-"_s + text : text;
}

QString PromptLength::text() const
{
    const QString base = groupThousands(characters) + u" / "_s + groupThousands(limit);
    return chinese ? base + u" (Chinese)"_s : base;
}

PromptLength measurePrompt(const QString &prompt)
{
    PromptLength length;
    const QString text = prompt.trimmed();
    length.characters = text.size();
    length.chinese = std::any_of(text.cbegin(), text.cend(), isChinese);
    length.limit =
        length.chinese ? GenerationRequest::kMaxChinesePromptCharacters : GenerationRequest::kMaxPromptCharacters;
    return length;
}
