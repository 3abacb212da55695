#include "LibraryItemDelegate.h"

#include "Ask.h"
#include "PosterScrubber.h"

#include "jobs/JobListModel.h"
#include "library/LibraryModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTextDocument>
#include <QToolTip>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int kPadding = 6;
constexpr int kGridPosterWidth = 192; // a 16:9 box; other shapes fit inside it
constexpr int kGridPosterHeight = 108;
constexpr int kListPosterWidth = 96;
constexpr int kListPosterHeight = 54;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// A hue at a lightness that contrasts with the base colour: dark on light themes, light on dark ones.
QColor tuned(int hue, const QPalette &palette)
{
    return QColor::fromHsl(hue, 200, isDark(palette) ? 170 : 85);
}

} // namespace

LibraryItemDelegate::LibraryItemDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QString LibraryItemDelegate::starsText(int rating)
{
    rating = qBound(0, rating, 5);
    return QString(rating, u'★') + QString(5 - rating, u'☆');
}

QSize LibraryItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    const int line = metrics.lineSpacing();
    if (m_grid)
        return {kGridPosterWidth + 2 * kPadding, kGridPosterHeight + 4 * line + 3 * kPadding};
    return {kListPosterWidth + 4 * kPadding + 320, qMax(kListPosterHeight, 3 * line + 2) + 2 * kPadding};
}

void LibraryItemDelegate::paintPoster(QPainter *painter, const QRect &box, const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const
{
    const QImage poster = index.data(LibraryModel::PosterRole).value<QImage>();
    QPainterPath frame;
    frame.addRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    painter->fillPath(frame, option.palette.color(QPalette::AlternateBase));
    if (const PosterScrubber::Frame preview = m_scrubber ? m_scrubber->frameFor(index) : PosterScrubber::Frame();
        !preview.strip.isNull()) {
        // The take under the mouse: the frame at the mouse's place across it, and a mark of where that is.
        const QSize fitted = preview.source.size().scaled(box.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(0, 0), fitted);
        target.moveCenter(box.center());
        painter->drawImage(target, preview.strip, preview.source);
        const int markWidth = std::max(2, int(target.width() * preview.position));
        painter->fillRect(QRect(target.left(), target.bottom() - 2, markWidth, 3),
                          option.palette.color(QPalette::Highlight));
        return;
    }
    if (!poster.isNull()) {
        const QSize fitted = poster.size().scaled(box.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(0, 0), fitted);
        target.moveCenter(box.center());
        painter->drawImage(target, poster);
        return;
    }
    painter->setPen(option.palette.color(QPalette::Mid));
    painter->drawPath(frame);
    const auto state = index.data(LibraryModel::StateRole).value<JobState>();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QStyle::StandardPixmap kind = state == JobState::Ready     ? QStyle::SP_MediaPlay
                                        : state == JobState::Stopped ? QStyle::SP_MediaStop
                                        : isFinalState(state)        ? QStyle::SP_MessageBoxWarning
                                                                     : QStyle::SP_FileIcon;
    const int iconSize = style->pixelMetric(QStyle::PM_LargeIconSize, &option, widget);
    QRect iconRect(0, 0, iconSize, iconSize);
    iconRect.moveCenter(box.center());
    style->standardIcon(kind, &option, widget)
        .paint(painter, iconRect, Qt::AlignCenter,
               option.state.testFlag(QStyle::State_Enabled) ? QIcon::Normal : QIcon::Disabled);
}

void LibraryItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // The background, selection and focus frame as the style draws them, without the default text and icon.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
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
    opt.palette = palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = selected ? text : palette.color(QPalette::PlaceholderText);
    const QColor starColour = selected ? text : tuned(45, palette);
    const QColor heartColour = selected ? text : tuned(350, palette);

    QFont bold = opt.font;
    bold.setBold(true);
    const QFontMetrics metrics(opt.font);
    const QFontMetrics boldMetrics(bold);
    const int line = metrics.lineSpacing();

    const QString prompt = index.data(Qt::DisplayRole).toString();
    const QString date = index.data(LibraryModel::DateTextRole).toString();
    const QString cost = index.data(LibraryModel::CostTextRole).toString();
    const QString mode = index.data(LibraryModel::ModeTextRole).toString();
    const QString settings = index.data(LibraryModel::SettingsTextRole).toString();
    const auto state = index.data(LibraryModel::StateRole).value<JobState>();
    const int rating = index.data(LibraryModel::RatingRole).toInt();
    const bool favourite = index.data(LibraryModel::FavouriteRole).toBool();
    const QString stars = starsText(rating);
    const QString heart = favourite ? u"♥"_s : QString();
    // Only a generation that did not end with a clip says its state: the grid is mostly clips.
    const QString stateWords = state == JobState::Ready ? QString() : jobStateText(state);
    const QString modeLine = mode.isEmpty() ? settings : mode + u" · "_s + settings;

    const QRect area = opt.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    auto drawLine = [&](const QRect &rect, const QString &value, const QColor &colour, Qt::Alignment align,
                        const QFontMetrics &m) {
        painter->setPen(colour);
        painter->drawText(rect, align | Qt::AlignVCenter, m.elidedText(value, Qt::ElideRight, rect.width()));
    };

    if (m_grid) {
        const QRect posterBox(area.left() + (area.width() - kGridPosterWidth) / 2, area.top(), kGridPosterWidth,
                              kGridPosterHeight);
        paintPoster(painter, posterBox, opt, index);
        int y = posterBox.bottom() + 1 + kPadding;
        const int width = area.width();
        painter->setFont(bold);
        drawLine(QRect(area.left(), y, width, line), prompt, text, Qt::AlignLeft, boldMetrics);
        painter->setFont(opt.font);
        y += line;
        const int costWidth = metrics.horizontalAdvance(cost);
        drawLine(QRect(area.right() - costWidth + 1, y, costWidth, line), cost, text, Qt::AlignRight, metrics);
        drawLine(QRect(area.left(), y, qMax(0, width - costWidth - kPadding), line), date, muted, Qt::AlignLeft,
                 metrics);
        y += line;
        drawLine(QRect(area.left(), y, width, line), modeLine, muted, Qt::AlignLeft, metrics);
        y += line;
        const int starsWidth = metrics.horizontalAdvance(stars);
        drawLine(QRect(area.left(), y, starsWidth, line), stars, rating > 0 ? starColour : muted, Qt::AlignLeft,
                 metrics);
        const int heartWidth = heart.isEmpty() ? 0 : metrics.horizontalAdvance(heart);
        if (!heart.isEmpty())
            drawLine(QRect(area.right() - heartWidth + 1, y, heartWidth, line), heart, heartColour, Qt::AlignRight,
                     metrics);
        if (!stateWords.isEmpty()) {
            const int left = area.left() + starsWidth + kPadding;
            drawLine(QRect(left, y, qMax(0, area.right() - heartWidth - kPadding - left), line), stateWords, muted,
                     Qt::AlignLeft, metrics);
        }
    } else {
        const QRect posterBox(area.left(), area.top() + (area.height() - kListPosterHeight) / 2, kListPosterWidth,
                              kListPosterHeight);
        paintPoster(painter, posterBox, opt, index);
        const QRect textArea = area.adjusted(kListPosterWidth + 2 * kPadding, 0, 0, 0);
        const int top = textArea.top() + (textArea.height() - 3 * line) / 2;
        const QString right = heart.isEmpty() ? stars : stars + u"  "_s + heart;
        const int rightWidth = std::max(
            {metrics.horizontalAdvance(cost), metrics.horizontalAdvance(date), metrics.horizontalAdvance(right)});
        const int mainWidth = qMax(0, textArea.width() - rightWidth - 2 * kPadding);
        const int rightLeft = textArea.right() - rightWidth + 1;
        drawLine(QRect(rightLeft, top, rightWidth, line), cost, text, Qt::AlignRight, metrics);
        drawLine(QRect(rightLeft, top + line, rightWidth, line), date, muted, Qt::AlignRight, metrics);
        const int heartWidth = heart.isEmpty() ? 0 : metrics.horizontalAdvance(heart);
        if (!heart.isEmpty())
            drawLine(QRect(textArea.right() - heartWidth + 1, top + 2 * line, heartWidth, line), heart, heartColour,
                     Qt::AlignRight, metrics);
        drawLine(QRect(rightLeft, top + 2 * line, rightWidth - heartWidth - (heart.isEmpty() ? 0 : kPadding), line),
                 stars, rating > 0 ? starColour : muted, Qt::AlignRight, metrics);

        painter->setFont(bold);
        drawLine(QRect(textArea.left(), top, mainWidth, line), prompt, text, Qt::AlignLeft, boldMetrics);
        painter->setFont(opt.font);
        drawLine(QRect(textArea.left(), top + line, mainWidth, line), modeLine, muted, Qt::AlignLeft, metrics);
        const QString tags = index.data(LibraryModel::TagsTextRole).toString();
        QStringList third;
        if (!stateWords.isEmpty())
            third << stateWords;
        third << index.data(LibraryModel::ClipTextRole).toString();
        if (!tags.isEmpty())
            third << tags;
        drawLine(QRect(textArea.left(), top + 2 * line, mainWidth, line), third.join(u" · "_s), muted, Qt::AlignLeft,
                 metrics);
    }
    painter->restore();
}

bool LibraryItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                    const QModelIndex &index)
{
    if (showWrappedToolTip(event, view, option, index))
        return true;
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
