#include "JobItemDelegate.h"
#include "Ask.h"

#include "jobs/JobListModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTextDocument>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace {

constexpr int kPadding = 6;
constexpr int kThumbHeight = 54; // 96×54 is a 16:9 poster; other shapes fit inside that box
constexpr int kThumbWidth = 96;
constexpr int kProgressWidth = 120;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// A hue at a lightness that contrasts with the base colour: dark on light themes, light on dark ones.
QColor tuned(int hue, const QPalette &palette)
{
    return QColor::fromHsl(hue, 200, isDark(palette) ? 170 : 85);
}

QIcon placeholderIcon(JobState state, const QStyle *style)
{
    switch (state) {
    case JobState::Ready:
        return style->standardIcon(QStyle::SP_MediaPlay);
    case JobState::Failed:
    case JobState::Expired:
    case JobState::Unknown:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case JobState::Stopped:
        return style->standardIcon(QStyle::SP_MediaStop);
    default:
        return style->standardIcon(QStyle::SP_FileIcon);
    }
}

} // namespace

JobItemDelegate::JobItemDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QColor JobItemDelegate::stateColor(JobState state, const QPalette &palette)
{
    switch (state) {
    case JobState::Queued:
        return palette.color(QPalette::PlaceholderText);
    case JobState::Submitting:
    case JobState::Submitted:
    case JobState::Downloading:
        return palette.color(QPalette::Link);
    case JobState::Ready:
        return tuned(120, palette);
    case JobState::Failed:
    case JobState::Expired:
        return tuned(0, palette);
    case JobState::Unknown:
    case JobState::Stopped:
        return tuned(30, palette);
    }
    return palette.color(QPalette::Text);
}

QSize JobItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    const int textHeight = 3 * metrics.lineSpacing() + 2;
    return {kThumbWidth + 4 * kPadding + 200, qMax(kThumbHeight, textHeight) + 2 * kPadding};
}

void JobItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // The background, selection and focus frame as the style draws them, without the default text.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group =
        opt.state.testFlag(QStyle::State_Enabled)
            ? (opt.state.testFlag(QStyle::State_Active) ? QPalette::Active : QPalette::Inactive)
            : QPalette::Disabled;
    QPalette palette = opt.palette;
    palette.setCurrentColorGroup(group);
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = selected ? text : palette.color(QPalette::PlaceholderText);

    const QRect area = opt.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const auto state = index.data(JobListModel::StateRole).value<JobState>();

    // Thumbnail, or a placeholder until there is one.
    const QRect thumbBox(area.left(), area.top() + (area.height() - kThumbHeight) / 2, kThumbWidth, kThumbHeight);
    const QImage thumb = index.data(JobListModel::ThumbnailRole).value<QImage>();
    if (!thumb.isNull()) {
        const QSize fitted = thumb.size().scaled(thumbBox.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(0, 0), fitted);
        target.moveCenter(thumbBox.center());
        painter->drawImage(target, thumb);
    } else {
        QPainterPath frame;
        frame.addRoundedRect(QRectF(thumbBox).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->fillPath(frame, palette.color(QPalette::AlternateBase));
        painter->setPen(palette.color(QPalette::Mid));
        painter->drawPath(frame);
        const int iconSize = style->pixelMetric(QStyle::PM_LargeIconSize, &opt, widget);
        QRect iconRect(0, 0, iconSize, iconSize);
        iconRect.moveCenter(thumbBox.center());
        placeholderIcon(state, style)
            .paint(painter, iconRect, Qt::AlignCenter,
                   opt.state.testFlag(QStyle::State_Enabled) ? QIcon::Normal : QIcon::Disabled);
    }

    // Three lines of text beside it, with the cost and the elapsed time on the right.
    const QRect textArea = area.adjusted(kThumbWidth + 2 * kPadding, 0, 0, 0);
    const QFontMetrics metrics(opt.font);
    const int line = metrics.lineSpacing();
    const int top = textArea.top() + (textArea.height() - 3 * line) / 2;
    QFont bold = opt.font;
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);

    const QString cost = index.data(JobListModel::CostTextRole).toString();
    const QString elapsed = index.data(JobListModel::ElapsedTextRole).toString();
    const int rightWidth = qMax(metrics.horizontalAdvance(cost), metrics.horizontalAdvance(elapsed));
    const QRect rightColumn(textArea.right() - rightWidth, top, rightWidth, 3 * line);
    const int mainWidth = qMax(0, textArea.width() - rightWidth - 2 * kPadding);

    painter->setPen(text);
    painter->drawText(QRect(rightColumn.left(), top, rightWidth, line), Qt::AlignRight | Qt::AlignVCenter, cost);
    painter->setPen(muted);
    painter->drawText(QRect(rightColumn.left(), top + line, rightWidth, line), Qt::AlignRight | Qt::AlignVCenter,
                      elapsed);

    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(QRect(textArea.left(), top, mainWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, mainWidth));
    painter->setFont(opt.font);

    const QString mode = index.data(JobListModel::ModeTextRole).toString();
    const QString settings = index.data(JobListModel::SettingsTextRole).toString();
    painter->setPen(muted);
    painter->drawText(
        QRect(textArea.left(), top + line, mainWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(mode.isEmpty() ? settings : mode + u" · "_s + settings, Qt::ElideRight, mainWidth));

    // The state in words; a progress bar beside it while downloading; the error's start when there is one.
    const double progress = index.data(JobListModel::ProgressRole).toDouble();
    int stateWidth = mainWidth;
    if (progress >= 0 && mainWidth > kProgressWidth + 2 * kPadding) {
        stateWidth = mainWidth - kProgressWidth - kPadding;
        QStyleOptionProgressBar bar;
        if (widget)
            bar.initFrom(widget);
        bar.palette = palette;
        bar.state = opt.state & QStyle::State_Enabled;
        bar.rect = QRect(textArea.left() + stateWidth + kPadding, top + 2 * line + 2, kProgressWidth, line - 4);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(progress * 1000);
        bar.textVisible = false;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
    QString stateText = index.data(JobListModel::StateTextRole).toString();
    const QString error = index.data(JobListModel::ErrorRole).toString();
    if (!error.isEmpty() && isFinalState(state) && state != JobState::Ready)
        stateText += u" · "_s + error.simplified();
    painter->setPen(selected ? text : stateColor(state, palette));
    painter->drawText(QRect(textArea.left(), top + 2 * line, stateWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(stateText, Qt::ElideRight, stateWidth));

    painter->restore();
}

bool JobItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                const QModelIndex &index)
{
    if (showWrappedToolTip(event, view, option, index))
        return true;
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
