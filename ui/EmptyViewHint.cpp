#include "EmptyViewHint.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QPainter>

EmptyViewHint::EmptyViewHint(QAbstractItemView *view, const QString &text)
    : QObject(view), m_view(view), m_text(text)
{
    view->viewport()->installEventFilter(this);
}

bool EmptyViewHint::eventFilter(QObject *watched, QEvent *event)
{
    // The view itself paints nothing when it has no rows, so drawing before it runs is enough.
    if (event->type() == QEvent::Paint && watched == m_view->viewport() && m_view->model()
        && m_view->model()->rowCount(m_view->rootIndex()) == 0) {
        QWidget *viewport = m_view->viewport();
        QPainter painter(viewport);
        painter.setPen(viewport->palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport->rect().adjusted(24, 0, -24, 0), Qt::AlignCenter | Qt::TextWordWrap, m_text);
    }
    return QObject::eventFilter(watched, event);
}
