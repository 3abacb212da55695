#include "Ask.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QMessageBox>
#include <QStyleOptionViewItem>
#include <QTextDocument>
#include <QToolTip>

bool askYesNo(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

bool showWrappedToolTip(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                        const QModelIndex &index)
{
    if (!event || !view || event->type() != QEvent::ToolTip)
        return false;
    const QString tip = index.data(Qt::ToolTipRole).toString();
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPos(), Qt::convertFromPlainText(tip, Qt::WhiteSpaceNormal), view, option.rect);
    return true;
}
