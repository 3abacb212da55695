#pragma once

#include <QObject>
#include <QString>

class QAbstractItemView;

// Paints a short hint in an item view while its model has no rows, so that an empty list says what will
// appear there and how, instead of showing a blank box.
class EmptyViewHint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyViewHint)

public:
    EmptyViewHint(QAbstractItemView *view, const QString &text);

    QString text() const { return m_text; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QAbstractItemView *m_view;
    QString m_text;
};
