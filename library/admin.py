"""Staff tools for the personal side, including sending a system update to every user."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from library.models import TitleWatchState, UserFavourite, UserHistory, UserNotification
from library.notifications import TITLE_MAX, send_system_update


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


class SystemUpdateForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX)
    message = forms.CharField(widget=forms.Textarea)
    image = forms.URLField(required=False, assume_scheme="https")


@admin.register(UserNotification)
class UserNotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "title", "read", "created_at"]
    list_filter = ["type", "read"]
    search_fields = ["user__email", "title"]
    raw_id_fields = ["user"]
    change_list_template = "admin/library/usernotification/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        send = path(
            "send-system-update/",
            self.admin_site.admin_view(self.send_system_update_view),
            name="library_send_system_update",
        )
        return [send, *super().get_urls()]

    def send_system_update_view(self, request: HttpRequest) -> HttpResponse:
        """Staff write one notice; every active user gets it once (same code as the command)."""
        if not self.has_add_permission(request):
            return redirect("admin:library_usernotification_changelist")
        form = SystemUpdateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            users, created, _ = send_system_update(
                form.cleaned_data["title"],
                form.cleaned_data["message"],
                image=form.cleaned_data["image"] or None,
            )
            self.message_user(
                request, f"System update sent to {created} of {users} users.", messages.SUCCESS
            )
            return redirect("admin:library_usernotification_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Send a system update",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/library/send_system_update.html", context)


@admin.register(TitleWatchState)
class TitleWatchStateAdmin(admin.ModelAdmin):
    list_display = ["title_id", "number_of_seasons", "released", "checked_at"]
    search_fields = ["title_id"]
