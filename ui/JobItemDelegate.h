#pragma once

#include "jobs/Job.h"

#include <QStyledItemDelegate>

// Paints one row of the job queue from JobListModel's roles: poster thumbnail, prompt, mode and settings, state in
// words coloured by state, elapsed time, download progress and cost.
class JobItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobItemDelegate)

public:
    explicit JobItemDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The colour of a state's words, derived from the palette so that it reads on light and dark backgrounds.
    static QColor stateColor(JobState state, const QPalette &palette);
};
