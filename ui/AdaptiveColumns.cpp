#include "AdaptiveColumns.h"

#include <QBoxLayout>
#include <QResizeEvent>

AdaptiveColumns::AdaptiveColumns(QWidget *first, QWidget *second, QWidget *parent)
    : QWidget(parent), m_first(first), m_second(second), m_layout(new QBoxLayout(QBoxLayout::LeftToRight, this))
{
    m_layout->setSpacing(12);
    m_layout->addWidget(first, 1);
    m_layout->addWidget(second, 1);
}

bool AdaptiveColumns::isSideBySide() const
{
    return m_layout->direction() == QBoxLayout::LeftToRight;
}

int AdaptiveColumns::sideBySideWidth() const
{
    const QMargins margins = m_layout->contentsMargins();
    return m_first->minimumSizeHint().width() + m_second->minimumSizeHint().width() + m_layout->spacing() +
           margins.left() + margins.right();
}

QSize AdaptiveColumns::minimumSizeHint() const
{
    const QMargins margins = m_layout->contentsMargins();
    const int width = qMax(m_first->minimumSizeHint().width(), m_second->minimumSizeHint().width());
    return {width + margins.left() + margins.right(), m_layout->totalMinimumSize().height()};
}

int AdaptiveColumns::heightForWidth(int width) const
{
    return m_layout->totalMinimumHeightForWidth(width);
}

void AdaptiveColumns::resizeEvent(QResizeEvent *event)
{
    arrange(event->size().width());
    QWidget::resizeEvent(event);
}

void AdaptiveColumns::arrange(int width)
{
    const auto direction = width >= sideBySideWidth() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction == m_layout->direction())
        return;
    m_layout->setDirection(direction);
    // Stacked, each pane takes the height it needs; side by side, they share the width.
    const int stretch = direction == QBoxLayout::LeftToRight ? 1 : 0;
    m_layout->setStretchFactor(m_first, stretch);
    m_layout->setStretchFactor(m_second, stretch);
}
