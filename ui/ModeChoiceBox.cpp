#include "ModeChoiceBox.h"

#include <QButtonGroup>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ModeChoiceBox::ModeChoiceBox(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"modeChoice"_s);
    // Highlight-coloured border and a faint tint of it, from the palette so it works on light and dark themes.
    setStyleSheet(u"QFrame#modeChoice { border: 2px solid palette(highlight); border-radius: 6px; }"_s);
    setAccessibleName(u"Choose the mode"_s);

    auto *layout = new QVBoxLayout(this);
    auto *question = new QLabel(u"<b>Which should this video use?</b> You gave a first frame and reference images; "
                                "only one kind can be sent. The other stays here, dimmed, for later."_s,
                                this);
    question->setWordWrap(true);
    layout->addWidget(question);

    using Mode = GenerationRequest::Mode;
    m_image =
        new QRadioButton(GenerationRequest::modeName(Mode::ImageToVideo) + u": start from the first frame"_s, this);
    m_reference =
        new QRadioButton(GenerationRequest::modeName(Mode::ReferenceToVideo) + u": use the reference images"_s, this);
    m_image->setAccessibleName(u"Use image to video"_s);
    m_reference->setAccessibleName(u"Use reference to video"_s);
    m_image->setToolTip(u"The video starts from the first frame, which also sets its shape"_s);
    m_reference->setToolTip(u"The video draws on the reference images, named [Image 1]… in the prompt"_s);
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
