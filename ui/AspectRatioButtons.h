#pragma once

#include "api/GenerationRequest.h"

#include <QWidget>

class QButtonGroup;
class QToolButton;

// The five aspect ratios as a row of checkable buttons, each showing its shape.
class AspectRatioButtons final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AspectRatioButtons)

public:
    explicit AspectRatioButtons(QWidget *parent = nullptr);

    AspectRatio aspect() const;
    void setAspect(AspectRatio aspect);
    QToolButton *button(AspectRatio aspect) const;

Q_SIGNALS:
    void aspectChanged(AspectRatio aspect);

private:
    QButtonGroup *m_group = nullptr;
};
