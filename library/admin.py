from django.contrib import admin

from library.models import UserFavourite, UserHistory, UserNotification


@admin.register(UserFavourite)
class UserFavouriteAdmin(admin.ModelAdmin):
    list_display = ["user", "movie_id", "created_at"]
    search_fields = ["user__email", "movie_id"]
    raw_id_fields = ["user"]


@admin.register(UserHistory)
class UserHistoryAdmin(admin.ModelAdmin):
    list_display = ["user", "movie_id", "created_at"]
    search_fields = ["user__email", "movie_id"]
    raw_id_fields = ["user"]


@admin.register(UserNotification)
class UserNotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "title", "read", "created_at"]
    list_filter = ["type", "read"]
    search_fields = ["user__email", "title"]
    raw_id_fields = ["user"]
