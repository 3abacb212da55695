#include "LibraryItemDelegate.h"

#include "Ask.h"
#include "PosterScrubber.h"

#include "jobs/JobListModel.h"
#include "library/LibraryModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHash>
#include <QHelpEvent>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTextDocument>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int kPadding = 6;     // around a list row and between its columns
constexpr int kTilePadding = 4; // around a grid tile's poster and caption
constexpr int kGap = 6;         // between two texts on one caption line
constexpr int kMinPromptWidth = 48;
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

// Relative luminance (WCAG), 0 for black to 1 for white.
double luminance(const QColor &colour)
{
    auto linear = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

int posterWidthFor(int posterHeight)
{
    return (posterHeight * 16 + 8) / 9;
}

QFont boldOf(const QFont &font)
{
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

int lineHeight(const QFont &font)
{
    return std::max(QFontMetrics(font).lineSpacing(), QFontMetrics(boldOf(font)).lineSpacing());
}

// The widest date and cost this locale and these rules can give, measured in font.
struct WidestTexts
{
    int date = 0;
    int cost = 0;
    int stars = 0;
};

WidestTexts widestTexts(const QFont &font)
{
    // Measured once per font and locale (the GUI thread only paints).
    static QHash<QString, WidestTexts> measured;
    const QString key = font.key() + u'|' + QLocale().name();
    if (const auto found = measured.constFind(key); found != measured.constEnd())
        return *found;
    const QFontMetrics metrics(font);
    WidestTexts widest;
    const QDateTime now(QDate(2025, 12, 31), QTime(23, 30));
    QList<QDateTime> samples{now.addSecs(-60), now.addDays(-1)};
    for (int month = 1; month <= 12; ++month) {
        samples << QDateTime(QDate(2025, month, 28), QTime(22, 58)) << QDateTime(QDate(2024, month, 28), QTime(22, 58));
        samples << QDateTime(QDate(2025, month, 28), QTime(10, 58));
    }
    for (const QDateTime &time : std::as_const(samples))
        widest.date = std::max(widest.date, metrics.horizontalAdvance(LibraryModel::shortDateText(time, now)));
    Job job;
    job.estimatedCents = 8888;
    for (JobState state : {JobState::Ready, JobState::Failed, JobState::Unknown, JobState::Submitted}) {
        job.state = state;
        widest.cost = std::max(widest.cost, metrics.horizontalAdvance(LibraryModel::costText(job)));
    }
    job.chargedCents = 8888;
    widest.cost = std::max(widest.cost, metrics.horizontalAdvance(LibraryModel::costText(job)));
    widest.stars = metrics.horizontalAdvance(LibraryItemDelegate::starsText(5));
    measured.insert(key, widest);
    return widest;
}

// A short text on a dark rounded badge over the poster, readable on any picture.
void drawBadge(QPainter *painter, const QRect &box, const QString &text, Qt::Alignment corner, const QFont &font,
               const QColor &colour)
{
    if (text.isEmpty())
        return;
    const QFontMetrics metrics(font);
    const int margin = 3;
    const QString shown = metrics.elidedText(text, Qt::ElideRight, box.width() - 4 * margin);
    QRect badge(0, 0, metrics.horizontalAdvance(shown) + 2 * margin + 2, metrics.height() + 2);
    badge.moveTop(corner.testFlag(Qt::AlignTop) ? box.top() + margin : box.bottom() - margin - badge.height() + 1);
    badge.moveLeft(corner.testFlag(Qt::AlignLeft) ? box.left() + margin : box.right() - margin - badge.width() + 1);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0, 0, 0, 170));
    painter->drawRoundedRect(QRectF(badge), 3, 3);
    painter->setFont(font);
    painter->setPen(colour);
    painter->drawText(badge, Qt::AlignCenter, shown);
}

} // namespace

LibraryItemDelegate::LibraryItemDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QString LibraryItemDelegate::starsText(int rating)
{
    rating = qBound(0, rating, 5);
    return QString(rating, u'★') + QString(5 - rating, u'☆');
}

void LibraryItemDelegate::setScrubber(const PosterScrubber *scrubber)
{
    m_scrubber = scrubber;
}

void LibraryItemDelegate::setPosterHeight(int height)
{
    m_posterHeight = qBound(kMinPosterHeight, height, kMaxPosterHeight);
}

QSize LibraryItemDelegate::gridTileSize(const QFont &font, int posterHeight)
{
    posterHeight = qBound(kMinPosterHeight, posterHeight, kMaxPosterHeight);
    const WidestTexts widest = widestTexts(font);
    const int caption = std::max(kMinPromptWidth + kGap + widest.cost, widest.date + kGap + widest.stars);
    const int width = std::max(posterWidthFor(posterHeight), caption) + 2 * kTilePadding;
    return {width, posterHeight + 2 * lineHeight(font) + 3 * kTilePadding};
}

QSize LibraryItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    if (m_grid)
        return gridTileSize(option.font, m_posterHeight);
    const QFontMetrics metrics(option.font);
    return {kListPosterWidth + 4 * kPadding + 320,
            qMax(kListPosterHeight, 3 * metrics.lineSpacing() + 2) + 2 * kPadding};
}

LibraryItemDelegate::Caption LibraryItemDelegate::gridCaption(const QModelIndex &index, const QFont &font,
                                                              int tileWidth)
{
    const QFontMetrics metrics(font);
    const QFontMetrics boldMetrics(boldOf(font));
    Caption caption;
    caption.cost = index.data(LibraryModel::CostTextRole).toString();
    caption.date = index.data(LibraryModel::ShortDateTextRole).toString();
    const int rating = index.data(LibraryModel::RatingRole).toInt();
    caption.stars = rating > 0 ? starsText(rating) : QString();
    caption.settings = index.data(LibraryModel::ShortSettingsTextRole).toString();
    const auto state = index.data(LibraryModel::StateRole).value<JobState>();
    // Only a generation that did not end with a clip says its state: the grid is mostly clips.
    caption.state = state == JobState::Ready ? QString() : jobStateText(state);
    caption.favourite = index.data(LibraryModel::FavouriteRole).toBool();
    // As painted: each text is cut to the room it has (gridTileSize gives room enough for all but the prompt).
    const int width = tileWidth - 2 * kTilePadding;
    caption.cost = metrics.elidedText(caption.cost, Qt::ElideRight, width);
    const int promptWidth = std::max(0, width - metrics.horizontalAdvance(caption.cost) - kGap);
    caption.prompt = boldMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, promptWidth);
    caption.stars = metrics.elidedText(caption.stars, Qt::ElideRight, width);
    const int starsWidth = caption.stars.isEmpty() ? 0 : metrics.horizontalAdvance(caption.stars) + kGap;
    caption.date = metrics.elidedText(caption.date, Qt::ElideRight, std::max(0, width - starsWidth));
    return caption;
}

LibraryItemDelegate::Colours LibraryItemDelegate::colours(const QPalette &palette, QStyle::State state)
{
    const QPalette::ColorGroup group = !state.testFlag(QStyle::State_Enabled) ? QPalette::Disabled
                                       : state.testFlag(QStyle::State_Active) ? QPalette::Active
                                                                              : QPalette::Inactive;
    Colours c;
    if (state.testFlag(QStyle::State_Selected)) {
        // The whole cell is filled, so that the highlighted-text colour always stands on the highlight.
        c.fill = true;
        c.background = palette.color(group, QPalette::Highlight);
        c.text = palette.color(group, QPalette::HighlightedText);
        // A theme whose two colours are too close still gets readable text.
        if (std::abs(luminance(c.text) - luminance(c.background)) < 0.4)
            c.text = luminance(c.background) > 0.4 ? QColor(Qt::black) : QColor(Qt::white);
        c.muted = c.text;
    } else {
        c.background = palette.color(group, QPalette::Base);
        c.text = palette.color(group, QPalette::Text);
        c.muted = palette.color(group, QPalette::PlaceholderText);
    }
    return c;
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
    const Colours c = colours(opt.palette, opt.state);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    if (c.fill) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(c.background);
        painter->drawRoundedRect(QRectF(opt.rect).adjusted(1, 1, -1, -1), 4, 4);
    } else {
        // Hover and focus as the style draws them, without the default text and icon.
        opt.text.clear();
        opt.icon = QIcon();
        opt.features &= ~QStyleOptionViewItem::HasDecoration;
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    }
    if (m_grid)
        paintGrid(painter, opt, index, c);
    else
        paintList(painter, opt, index, c);
    painter->restore();
}

void LibraryItemDelegate::paintGrid(QPainter *painter, const QStyleOptionViewItem &opt, const QModelIndex &index,
                                    const Colours &c) const
{
    const QRect area = opt.rect.adjusted(kTilePadding, kTilePadding, -kTilePadding, -kTilePadding);
    const int line = lineHeight(opt.font);
    const QRect posterBox(area.left(), area.top(), area.width(), m_posterHeight);
    paintPoster(painter, posterBox, opt, index);

    const Caption caption = gridCaption(index, opt.font, opt.rect.width());
    QFont small = opt.font;
    small.setPointSizeF(std::max(6.0, opt.font.pointSizeF() * 0.85));
    const QRect picture(posterBox.left() + (posterBox.width() - posterWidthFor(m_posterHeight)) / 2, posterBox.top(),
                        posterWidthFor(m_posterHeight), m_posterHeight);
    drawBadge(painter, picture, caption.settings, Qt::AlignBottom | Qt::AlignRight, small, Qt::white);
    drawBadge(painter, picture, caption.state, Qt::AlignTop | Qt::AlignLeft, small, Qt::white);
    if (caption.favourite)
        drawBadge(painter, picture, u"♥"_s, Qt::AlignTop | Qt::AlignRight, small, QColor(255, 120, 150));

    int y = posterBox.bottom() + 1 + kTilePadding;
    painter->setFont(opt.font);
    painter->setPen(c.text);
    painter->drawText(QRect(area.left(), y, area.width(), line), Qt::AlignRight | Qt::AlignVCenter, caption.cost);
    painter->setFont(boldOf(opt.font));
    painter->drawText(QRect(area.left(), y, area.width(), line), Qt::AlignLeft | Qt::AlignVCenter, caption.prompt);
    y += line;
    painter->setFont(opt.font);
    painter->setPen(c.muted);
    painter->drawText(QRect(area.left(), y, area.width(), line), Qt::AlignLeft | Qt::AlignVCenter, caption.date);
    painter->setPen(c.fill ? c.text : tuned(45, opt.palette));
    painter->drawText(QRect(area.left(), y, area.width(), line), Qt::AlignRight | Qt::AlignVCenter, caption.stars);
}

void LibraryItemDelegate::paintList(QPainter *painter, const QStyleOptionViewItem &opt, const QModelIndex &index,
                                    const Colours &c) const
{
    const QColor starColour = c.fill ? c.text : tuned(45, opt.palette);
    const QColor heartColour = c.fill ? c.text : tuned(350, opt.palette);
    const QFont bold = boldOf(opt.font);
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
    const QString stars = starsText(rating);
    const QString heart = index.data(LibraryModel::FavouriteRole).toBool() ? u"♥"_s : QString();
    const QString stateWords = state == JobState::Ready ? QString() : jobStateText(state);
    const QString modeLine = mode.isEmpty() ? settings : mode + u" · "_s + settings;

    const QRect area = opt.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    auto drawLine = [&](const QRect &rect, const QString &value, const QColor &colour, Qt::Alignment align,
                        const QFontMetrics &m) {
        painter->setPen(colour);
        painter->drawText(rect, align | Qt::AlignVCenter, m.elidedText(value, Qt::ElideRight, rect.width()));
    };
    const QRect posterBox(area.left(), area.top() + (area.height() - kListPosterHeight) / 2, kListPosterWidth,
                          kListPosterHeight);
    paintPoster(painter, posterBox, opt, index);
    const QRect textArea = area.adjusted(kListPosterWidth + 2 * kPadding, 0, 0, 0);
    const int top = textArea.top() + (textArea.height() - 3 * line) / 2;
    const QString right = heart.isEmpty() ? stars : stars + u"  "_s + heart;
    // The right column is as wide as its texts: money, date and rating are never cut short, the prompt gives way.
    const int rightWidth =
        std::max({metrics.horizontalAdvance(cost), metrics.horizontalAdvance(date), metrics.horizontalAdvance(right)});
    const int mainWidth = qMax(0, textArea.width() - rightWidth - 2 * kPadding);
    const int rightLeft = textArea.right() - rightWidth + 1;
    painter->setFont(opt.font);
    drawLine(QRect(rightLeft, top, rightWidth, line), cost, c.text, Qt::AlignRight, metrics);
    drawLine(QRect(rightLeft, top + line, rightWidth, line), date, c.muted, Qt::AlignRight, metrics);
    const int heartWidth = heart.isEmpty() ? 0 : metrics.horizontalAdvance(heart);
    if (!heart.isEmpty())
        drawLine(QRect(textArea.right() - heartWidth + 1, top + 2 * line, heartWidth, line), heart, heartColour,
                 Qt::AlignRight, metrics);
    drawLine(QRect(rightLeft, top + 2 * line, rightWidth - heartWidth - (heart.isEmpty() ? 0 : kPadding), line), stars,
             rating > 0 ? starColour : c.muted, Qt::AlignRight, metrics);

    painter->setFont(bold);
    drawLine(QRect(textArea.left(), top, mainWidth, line), prompt, c.text, Qt::AlignLeft, boldMetrics);
    painter->setFont(opt.font);
    drawLine(QRect(textArea.left(), top + line, mainWidth, line), modeLine, c.muted, Qt::AlignLeft, metrics);
    const QString tags = index.data(LibraryModel::TagsTextRole).toString();
    QStringList third;
    if (!stateWords.isEmpty())
        third << stateWords;
    third << index.data(LibraryModel::ClipTextRole).toString();
    if (!tags.isEmpty())
        third << tags;
    drawLine(QRect(textArea.left(), top + 2 * line, mainWidth, line), third.join(u" · "_s), c.muted, Qt::AlignLeft,
             metrics);
}

bool LibraryItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                    const QModelIndex &index)
{
    if (showWrappedToolTip(event, view, option, index))
        return true;
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
