#include "ModeChoiceBox.h"

#include <QButtonGroup>
#include <QLabel>
#include <QRadioButton>
#include <QHBoxLayout>

using namespace Qt::StringLiterals;

ModeChoiceBox::ModeChoiceBox(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"modeChoice"_s);
    // Highlight-coloured border and a faint tint of it, from the palette so it works on light and dark themes.
    setStyleSheet(u"QFrame#modeChoice { border: 2px solid palette(highlight); border-radius: 6px; }"_s);
    setAccessibleName(u"Choose the mode"_s);

    // One row beside the cost: the question is asked where Generate waits for its answer.
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto *question = new QLabel(u"<b>Send:</b>"_s, this);
    layout->addWidget(question);
    setToolTip(u"You gave a first frame and reference images; only one kind can be sent. The other stays in the "
               "form, dimmed, for later."_s);

    using Mode = GenerationRequest::Mode;
    m_image = new QRadioButton(u"First frame"_s, this);
    m_reference = new QRadioButton(u"References"_s, this);
    m_image->setAccessibleName(u"Use image to video"_s);
    m_reference->setAccessibleName(u"Use reference to video"_s);
    m_image->setToolTip(GenerationRequest::modeName(Mode::ImageToVideo) +
                        u": the video starts from the first frame, which also sets its shape"_s);
    m_reference->setToolTip(GenerationRequest::modeName(Mode::ReferenceToVideo) +
                            u": the video draws on the reference images, named [Image 1]… in the prompt"_s);
    layout->addWidget(m_image);
    layout->addWidget(m_reference);

    auto *group = new QButtonGroup(this);
    group->addButton(m_image);
    group->addButton(m_reference);
    connect(group, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool checked) {
        if (!checked)
            return;
        m_choice = m_image->isChecked() ? GenerationRequest::ModeChoice::ImageToVideo
                                        : GenerationRequest::ModeChoice::ReferenceToVideo;
        Q_EMIT choiceChanged();
    });
}

void ModeChoiceBox::setChoice(GenerationRequest::ModeChoice choice)
{
    if (choice == m_choice)
        return;
    using Choice = GenerationRequest::ModeChoice;
    if (choice == Choice::Auto) {
        // An exclusive group never lets its last checked button go, so step out of it for a moment.
        auto *group = m_image->group();
        group->setExclusive(false);
        m_image->setChecked(false);
        m_reference->setChecked(false);
        group->setExclusive(true);
        m_choice = choice;
        Q_EMIT choiceChanged();
        return;
    }
    (choice == Choice::ImageToVideo ? m_image : m_reference)->setChecked(true);
}
