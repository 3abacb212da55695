#include "PromptEditor.h"

#include "api/PromptLength.h"
#include "UiColors.h"

#include <QEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

PromptEditor::PromptEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_editor = new QPlainTextEdit(this);
    m_editor->setPlaceholderText(u"Describe the video and its sound, e.g. “A red fox trots through fresh snow at "
                                 "dawn, its breath steaming; slow tracking shot; crunching snow and distant "
                                 "birdsong.” Refer to reference images as [Image 1], [Image 2]…"_s);
    m_editor->setAccessibleName(u"Prompt"_s);
    m_editor->setToolTip(u"What should happen in the video, including its sound. Ctrl+Enter generates."_s);
    // Tab moves on to the next control: a prompt rarely needs a tab character, a keyboard user needs to get out.
    m_editor->setTabChangesFocus(true);
    m_editor->setMinimumHeight(m_editor->fontMetrics().lineSpacing() * 3);
    layout->addWidget(m_editor);

    m_counter = new QLabel(this);
    m_counter->setAlignment(Qt::AlignRight);
    m_counter->setAccessibleName(u"Prompt length"_s);
    layout->addWidget(m_counter);

    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        updateCounter();
        Q_EMIT textChanged();
    });
    updateCounter();
}

QString PromptEditor::text() const
{
    return m_editor->toPlainText();
}

void PromptEditor::setText(const QString &text)
{
    if (text != m_editor->toPlainText())
        m_editor->setPlainText(text);
}

QString PromptEditor::counterText() const
{
    return m_counter->text();
}

void PromptEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateCounter();
}

void PromptEditor::updateCounter()
{
    const PromptLength length = measurePrompt(m_editor->toPlainText());
    m_counter->setText(length.text());
    if (length.isOver()) {
        m_counter->setStyleSheet(UiColors::problemStyle(palette()));
        m_counter->setToolTip(u"The service reads only the first %1 characters and ignores the rest. Shorten the "
                              "prompt to keep every detail."_s.arg(length.limit));
    } else {
        m_counter->setStyleSheet({});
        m_counter->setForegroundRole(QPalette::PlaceholderText);
        m_counter->setToolTip(length.chinese ? u"Prompts in Chinese can be up to 2,500 characters."_s
                                             : u"Prompts can be up to 5,000 characters."_s);
    }
}
