#pragma once

#include "api/GenerationRequest.h"

#include <QFrame>

class QRadioButton;

// Asks which mode to run when the form has both a first frame and reference images: the service would silently
// pick one, so Paddock never sends such a request until the user has chosen.
class ModeChoiceBox final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModeChoiceBox)

public:
    explicit ModeChoiceBox(QWidget *parent = nullptr);

    GenerationRequest::ModeChoice choice() const { return m_choice; }
    void setChoice(GenerationRequest::ModeChoice choice);
    QRadioButton *imageButton() const { return m_image; }
    QRadioButton *referenceButton() const { return m_reference; }

Q_SIGNALS:
    void choiceChanged();

private:
    GenerationRequest::ModeChoice m_choice = GenerationRequest::ModeChoice::Auto;
    QRadioButton *m_image = nullptr;
    QRadioButton *m_reference = nullptr;
};
