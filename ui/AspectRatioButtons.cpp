#include "AspectRatioButtons.h"

#include "PaintedIcon.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

QString shapeDescription(AspectRatio aspect)
{
    switch (aspect) {
    case AspectRatio::R16x9:
        return u"landscape, for screens and video sites"_s;
    case AspectRatio::R9x16:
        return u"portrait, for phones and short-video apps"_s;
    case AspectRatio::R1x1:
        return u"square"_s;
    case AspectRatio::R4x3:
        return u"classic landscape"_s;
    case AspectRatio::R3x4:
        return u"classic portrait"_s;
    }
    return {};
}

} // namespace

AspectRatioButtons::AspectRatioButtons(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_group = new QButtonGroup(this);
    m_group->setExclusive(true);
    const int iconSide = fontMetrics().height() * 2;
    for (AspectRatio aspect : allAspectRatios()) {
        auto *button = new QToolButton(this);
        const QString name = aspectRatioName(aspect);
        button->setText(name);
        button->setIcon(PaintedIcon::aspectRatio(aspect));
        button->setIconSize(QSize(iconSide, iconSide));
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setAccessibleName(u"Aspect ratio %1"_s.arg(name));
        button->setToolTip(u"%1: %2"_s.arg(name, shapeDescription(aspect)));
        m_group->addButton(button, int(aspect));
        layout->addWidget(button);
    }
    layout->addStretch(1);
    setAspect(AspectRatio::R16x9);
    connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (checked)
            Q_EMIT aspectChanged(AspectRatio(id));
    });
}

AspectRatio AspectRatioButtons::aspect() const
{
    return AspectRatio(qMax(0, m_group->checkedId()));
}

void AspectRatioButtons::setAspect(AspectRatio aspect)
{
    if (QToolButton *target = button(aspect))
        target->setChecked(true);
}

QToolButton *AspectRatioButtons::button(AspectRatio aspect) const
{
    return qobject_cast<QToolButton *>(m_group->button(int(aspect)));
}
